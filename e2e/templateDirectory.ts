import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Page } from 'playwright-core';

async function readTree(
  dir: string,
  root = dir,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, await readTree(path, root));
    else files[relative(root, path)] = await readFile(path, 'utf8');
  }
  return files;
}

/**
 * The scaffolder's template editor opens a local folder through the File
 * System Access API, whose native dialog cannot be driven headless: the page
 * gets a `showDirectoryPicker` that answers with the given template folder.
 */
export async function stubDirectoryPicker(page: Page, templateDir: string) {
  const files = await readTree(templateDir);
  await page.addInitScript({
    content: `window.__e2eTemplateFiles = ${JSON.stringify(files)};`,
  });
  await page.addInitScript({
    path: resolve(__dirname, 'directoryPickerStub.js'),
  });
}
