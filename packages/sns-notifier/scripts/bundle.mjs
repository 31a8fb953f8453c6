// Bundles src/handler.ts into one file for the Lambda Node.js 22 runtime.
//   node scripts/bundle.mjs [--outdir DIR]   (default: dist)
// The AWS SDK v3 stays external: the nodejs22.x runtime ships it, and
// bundling it would add several hundred KiB for nothing.
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdirFlag = process.argv.indexOf('--outdir');
const outdir =
  outdirFlag === -1
    ? join(root, 'dist')
    : resolve(process.argv[outdirFlag + 1]);
const outfile = join(outdir, 'index.js');

await build({
  entryPoints: [join(root, 'src/handler.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['@aws-sdk/*'],
  minify: true,
  // Readable stack traces in CloudWatch with NODE_OPTIONS=--enable-source-maps.
  sourcemap: true,
  logLevel: 'warning',
});

console.log(`${outfile}: ${statSync(outfile).size} bytes`);
