// `yarn bench`: every benchmark of the repo, each printed as ratios against a
// baseline measured in the same run. Measurements run in fresh processes.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];

function measure(script, args) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(root, 'bench', script), ...args],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').pop());
}

// Best of a few runs: the least disturbed by whatever else the machine does.
function best(script, args, runs = 3) {
  const results = Array.from({ length: runs }, () => measure(script, args));
  return results.reduce((a, b) => (b.ms < a.ms ? b : a));
}

const fmt = (n, d = 1) => n.toFixed(d).padStart(9);

if (!only || only === 'provider') {
  console.log('\n# Catalog provider: build and apply the entities of N tenants');
  console.log('  tenants  entities   time ms  peak MB | baseline ms  baseline MB | time x  memory x | goal (10k: <2000 ms, <300 MB)');
  for (const count of [10, 1000, 10000]) {
    const run = best('provider.bench.ts', ['provider', String(count)]);
    // The baseline builds as many plain entities as the provider emitted.
    const base = best('provider.bench.ts', ['baseline', String(run.entities)]);
    const goal =
      count === 10000
        ? run.ms < 2000 && run.peakMb < 300
          ? 'met'
          : 'MISSED'
        : '';
    console.log(
      `${String(count).padStart(9)} ${String(run.entities).padStart(9)} ${fmt(run.ms)} ${fmt(run.peakMb)} | ${fmt(base.ms, 2)} ${fmt(base.peakMb)} | ${fmt(run.ms / base.ms)} ${fmt(run.peakMb / Math.max(base.peakMb, 1))} | ${goal}`,
    );
  }
}
