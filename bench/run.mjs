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
  console.log(
    '\n# Catalog provider: build and apply the entities of N tenants',
  );
  console.log(
    '  tenants  entities   time ms  peak MB | baseline ms  baseline MB | time x  memory x | goal (10k: <2000 ms, <300 MB)',
  );
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
      `${String(count).padStart(9)} ${String(run.entities).padStart(9)} ${fmt(
        run.ms,
      )} ${fmt(run.peakMb)} | ${fmt(base.ms, 2)} ${fmt(base.peakMb)} | ${fmt(
        run.ms / base.ms,
      )} ${fmt(run.peakMb / Math.max(base.peakMb, 1))} | ${goal}`,
    );
  }
}

if (!only || only === 'gateway') {
  console.log(
    '\n# Gateway: PromQL enforcement (enforcePromQL) of the queries of bench/queries.txt; baseline: parsing them alone',
  );
  console.log(
    '  queries  parse q/s  enforce q/s | enforce/parse x  ms a query | goal (<0.2 ms a query)',
  );
  const run = best('gateway.bench.ts', ['enforce']);
  const msPerQuery = 1000 / run.enforceQps;
  console.log(
    `${String(run.queries).padStart(9)} ${fmt(run.parseQps, 0)} ${fmt(
      run.enforceQps,
      0,
    )} | ${fmt(run.enforceQps / run.parseQps, 2)} ${fmt(msPerQuery, 3)} | ${
      msPerQuery < 0.2 ? 'met' : 'MISSED'
    }`,
  );

  // One run: it starts a real Prometheus, and alternates direct and gateway
  // rounds inside, so both sides see the same machine.
  const proxy = measure('gateway.bench.ts', ['proxy']);
  console.log(
    '\n# Gateway: proxy overhead against a real Prometheus on loopback; baseline: the same (already scoped) query straight to Prometheus',
  );
  console.log(
    `  measured through a minimal express app (the gateway's body parsers and metrics router, fixed team-a scope, no Backstage auth); ${proxy.requests} requests a side, ${proxy.concurrency} at a time`,
  );
  console.log(
    '  query                                                   bytes | direct p50   p99 ms  req/s | gateway p50  p99 ms  req/s | added p50 ms  req/s x | goal (added p50 <1 ms, req/s >=0.9x)',
  );
  for (const row of proxy.rows) {
    const added = row.gateway.p50 - row.direct.p50;
    const ratio = row.gateway.rps / row.direct.rps;
    console.log(
      `  ${row.query.padEnd(55)} ${String(row.bytes).padStart(6)} | ${fmt(
        row.direct.p50,
        2,
      )} ${fmt(row.direct.p99, 2)} ${fmt(row.direct.rps, 0)} | ${fmt(
        row.gateway.p50,
        2,
      )} ${fmt(row.gateway.p99, 2)} ${fmt(row.gateway.rps, 0)} | ${fmt(
        added,
        2,
      )} ${fmt(ratio, 2)} | ${added < 1 && ratio >= 0.9 ? 'met' : 'MISSED'}`,
    );
  }
}
