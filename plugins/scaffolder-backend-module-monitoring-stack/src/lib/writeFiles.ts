import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import fs from 'node:fs/promises';
import path from 'node:path';
import { RenderedFile } from './render/files';

/** Writes a file only when its content differs, so a rerun changes nothing. */
async function writeIfChanged(file: string, content: string): Promise<boolean> {
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current === content) return false;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
  return true;
}

/**
 * Writes rendered files under `targetPath` of the workspace, never outside
 * it; returns every file's path and those whose content changed, relative
 * to the workspace.
 */
export async function writeRenderedFiles(
  workspacePath: string,
  targetPath: string,
  files: RenderedFile[],
): Promise<{ written: string[]; changed: string[] }> {
  const targetDir = resolveSafeChildPath(workspacePath, targetPath);
  const written: string[] = [];
  const changed: string[] = [];
  for (const file of files) {
    const relative = path.posix.join(targetPath, file.path);
    written.push(relative);
    const target = resolveSafeChildPath(targetDir, file.path);
    if (await writeIfChanged(target, file.content)) changed.push(relative);
  }
  return { written, changed };
}
