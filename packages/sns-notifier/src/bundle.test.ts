import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The documented limit (README, "Bundle"): the AWS SDK is external, so the
// bundle is our code and zod; far more means a dependency slipped in.
const BUNDLE_LIMIT_BYTES = 128 * 1024;

describe('bundle', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'sns-notifier-bundle-'));
    execFileSync(process.execPath, [
      join(__dirname, '../scripts/bundle.mjs'),
      '--outdir',
      outdir,
    ]);
  }, 60_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it(`stays below ${BUNDLE_LIMIT_BYTES} bytes`, () => {
    expect(statSync(join(outdir, 'index.js')).size).toBeLessThan(
      BUNDLE_LIMIT_BYTES,
    );
  });

  it('exports the Lambda handler and needs nothing but the AWS SDK at run time', () => {
    const script = `
      const Module = require('node:module');
      const load = Module._load;
      Module._load = function (request, parent, ...rest) {
        const fromBundle = parent?.filename === process.argv[1];
        if (fromBundle && !Module.isBuiltin(request) && !request.startsWith('@aws-sdk/')) {
          throw new Error('bundle requires ' + request);
        }
        return load.call(this, request, parent, ...rest);
      };
      process.stdout.write(typeof require(process.argv[1]).handler);
    `;
    const out = execFileSync(
      process.execPath,
      ['-e', script, join(outdir, 'index.js')],
      {
        // Like the Lambda runtime, which puts its AWS SDK on NODE_PATH.
        env: {
          ...process.env,
          NODE_PATH: join(__dirname, '../../../node_modules'),
        },
      },
    );
    expect(out.toString()).toBe('function');
  });
});
