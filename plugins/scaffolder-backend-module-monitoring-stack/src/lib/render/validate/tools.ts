import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { withoutKubernetesSd } from './kubernetesSd';

const run = promisify(execFile);

type Tool = {
  binary: string;
  args: readonly string[];
  debianPackage: string;
  /** Makes a fragment the complete file the tool checks. */
  wrap?: (content: string) => string;
};

/** The command-line checkers of the stack's own projects, and where Debian has them. */
export const CONFIG_TOOLS = {
  'prometheus-config': {
    binary: 'promtool',
    args: ['check', 'config'],
    debianPackage: 'prometheus',
    // validateManifests checks the discovery blocks promtool cannot read.
    wrap: (content: string) =>
      yaml.stringify(withoutKubernetesSd(yaml.parse(content))),
  },
  // A scrape job's relabelling, checked inside a job of its own.
  'prometheus-relabel': {
    binary: 'promtool',
    args: ['check', 'config'],
    debianPackage: 'prometheus',
    wrap: (content: string) =>
      yaml.stringify({
        scrape_configs: [
          {
            job_name: 'rendered',
            static_configs: [{ targets: ['localhost:9090'] }],
            ...yaml.parse(content),
          },
        ],
      }),
  },
  'prometheus-rules': {
    binary: 'promtool',
    args: ['check', 'rules'],
    debianPackage: 'prometheus',
  },
  'alertmanager-config': {
    binary: 'amtool',
    args: ['check-config'],
    debianPackage: 'prometheus-alertmanager',
  },
} as const satisfies Record<string, Tool>;

/** A file format one of the tools checks. @public */
export type ToolCheckedFormat = keyof typeof CONFIG_TOOLS;

/** Thrown when a checker is not installed: the bundle cannot be validated. @public */
export class MissingToolError extends Error {
  constructor(binary: string, debianPackage: string) {
    super(
      `${binary} is not installed, so the rendered files cannot be validated: install Debian's ${debianPackage} package (apt-get install -y ${debianPackage}) on the backend's host`,
    );
    this.name = 'MissingToolError';
  }
}

/**
 * Runs the real checker of `format` (`promtool check config`, `promtool
 * check rules`, `amtool check-config`) on `content` in a temporary file.
 * Returns the checker's message when it rejects the file, undefined when it
 * accepts it; throws {@link MissingToolError} when the binary is missing.
 * @public
 */
export async function checkWithTool(
  format: ToolCheckedFormat,
  content: string,
  options: {
    /** Another binary than the tool's own name on the PATH. */
    binary?: string;
  } = {},
): Promise<string | undefined> {
  const tool: Tool = {
    ...CONFIG_TOOLS[format],
    binary: options.binary ?? CONFIG_TOOLS[format].binary,
  };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'monitoring-stack-'));
  const file = path.join(dir, 'file.yml');
  try {
    await fs.writeFile(file, tool.wrap ? tool.wrap(content) : content);
    await run(tool.binary, [...tool.args, file], {
      timeout: 30_000,
      cwd: dir,
    });
    return undefined;
  } catch (e) {
    const error = e as NodeJS.ErrnoException & {
      stdout?: string;
      stderr?: string;
    };
    if (error.code === 'ENOENT') {
      throw new MissingToolError(tool.binary, tool.debianPackage);
    }
    // The tools print the temporary path; the message names the rendered file instead.
    const output = `${error.stderr ?? ''}\n${error.stdout ?? ''}`
      .split(`'${file}'`)
      .join('')
      .split(file)
      .join('')
      .split('\n')
      .map(line => line.replace(/^Checking\s*/, '').trim())
      .filter(Boolean)
      .join(' ');
    return `${tool.binary} ${tool.args.join(' ')} failed: ${
      output || error.message
    }`;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
