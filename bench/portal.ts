/**
 * The real portal backend (packages/backend) as a child process of a
 * benchmark: app-config.yaml plus the benchmark's own config, on a port of
 * its own (never 7007, which the e2e test uses), run the way
 * `backstage-cli package start` runs it but without its watcher, so that
 * the process measured is the backend itself.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  freePort,
  waitFor,
} from '@tenant-monitoring/plugin-monitoring-stack-backend/testUtils';

const ROOT = resolve(__dirname, '..');
const APP_URL = 'http://localhost:3000';

export type Portal = {
  url: string;
  pid: number;
  /** A guest user's Backstage token, as the browser gets it. */
  guestToken(): Promise<string>;
  /** The backend's resident set size, in MB. */
  rssMb(): Promise<number>;
  stop(): Promise<void>;
};

/** Starts the backend with `config` on top of app-config.yaml and waits until `ready` says so. */
export async function startPortal(
  config: (url: string, port: number) => Record<string, unknown>,
  ready: (portal: Portal) => Promise<boolean>,
): Promise<Portal> {
  const dir = await mkdtemp(join(tmpdir(), 'monitoring-bench-'));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const file = join(dir, 'app-config.bench.yaml');
  await writeFile(file, JSON.stringify(config(url, port)));
  const logFile = join(dir, 'backend.log');
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      ...[
        '../../app-config.yaml',
        '../../app-config.development.yaml',
        file,
      ].flatMap(c => ['--config', c]),
    ],
    {
      cwd: join(ROOT, 'packages', 'backend'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: process.env.BENCH_NODE_ENV ?? 'development',
        ESBK_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'),
      },
    },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = once(child, 'exit');
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (running()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    // BENCH_KEEP_LOGS=1 keeps the backend's log for a look afterwards.
    if (process.env.BENCH_KEEP_LOGS) console.error(`backend log: ${logFile}`);
    else await rm(dir, { recursive: true, force: true });
  };
  const portal: Portal = {
    url,
    pid: child.pid!,
    async guestToken() {
      const res = await fetch(`${url}/api/auth/guest/refresh`, {
        headers: { Origin: APP_URL, 'X-Requested-With': 'XMLHttpRequest' },
      });
      if (!res.ok) throw new Error(`guest sign-in failed: HTTP ${res.status}`);
      return (await res.json()).backstageIdentity.token;
    },
    async rssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    },
    stop,
  };
  try {
    await waitFor(
      'the backend to be ready',
      async () => {
        if (!running()) throw new Error('the backend exited');
        return (
          (await fetch(`${url}/.backstage/health/v1/readiness`)).ok || undefined
        );
      },
      180_000,
    );
    await waitFor(
      'the backend to serve the benchmark',
      async () => (await ready(portal)) || undefined,
      120_000,
    );
    return portal;
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    // Warnings and errors first: request lines soon push them out of the tail.
    const problems = log
      .split('\n')
      .filter(l => /\b(warn|error)\b/i.test(l))
      .slice(-20)
      .join('\n');
    await stop();
    throw new Error(
      `${error}\n--- backend warnings and errors (last 20) ---\n${problems}\n--- backend log (end) ---\n${log.slice(
        -3000,
      )}`,
    );
  }
}
