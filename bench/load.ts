/**
 * The load generator of the HTTP benchmarks: a worker thread, so that it
 * does not share the event loop of what it measures, sending `requests`
 * requests `concurrency` at a time, each timed until its body is read.
 */
import { Worker } from 'node:worker_threads';

const LOAD = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, headers, requests, concurrency }) => {
  try {
    const latencies = [];
    let sent = 0;
    const lane = async () => {
      while (sent < requests) {
        sent++;
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(url + ': HTTP ' + res.status);
        latencies.push(performance.now() - t0);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, lane));
    parentPort.postMessage({ latencies, ms: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;

/** One run: every request's latency and the wall time of the run, in ms. */
export type Load = { latencies: number[]; ms: number };

export function loadGenerator() {
  const worker = new Worker(LOAD, { eval: true });
  const run = (
    url: string,
    requests: number,
    concurrency: number,
    headers: Record<string, string> = {},
  ) =>
    new Promise<Load>((resolve, reject) => {
      worker.once('message', (m: Load & { error?: string }) =>
        m.error ? reject(new Error(m.error)) : resolve(m),
      );
      worker.postMessage({ url, headers, requests, concurrency });
    });
  return { run, stop: () => worker.terminate() };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** p50, p95, p99 latency and requests per second over runs. */
export function summary(loads: Load[]) {
  const latencies = loads.flatMap(l => l.latencies).sort((a, b) => a - b);
  const ms = loads.reduce((sum, l) => sum + l.ms, 0);
  return {
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    rps: (latencies.length * 1000) / ms,
  };
}
