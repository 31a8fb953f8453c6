/**
 * One fake HTTP server answering the API shapes of Alertmanager, Prometheus
 * (Thanos Query), Loki and each tenant's Grafana (`/g/<tenant>/api/health`)
 * with empty answers, counting the calls it gets by path.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export function fakeUpstreams() {
  const calls = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const key = path.startsWith('/g/') ? 'grafana /api/health' : path;
    calls.set(key, (calls.get(key) ?? 0) + 1);
    const json = (body: unknown) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (path === '/api/v2/alerts') return json([]);
    if (path === '/api/v1/rules')
      return json({ status: 'success', data: { groups: [] } });
    if (path === '/prometheus/api/v1/alerts' || path === '/api/v1/alerts')
      return json({ status: 'success', data: { alerts: [] } });
    if (path.endsWith('/api/health'))
      return json({ database: 'ok', version: '11.0.0' });
    if (path === '/-/ready' || path === '/ready') return res.end('ready');
    return json({ status: 'success', data: {} });
  });
  server.keepAliveTimeout = 60_000;
  return {
    listen: () =>
      new Promise<string>(resolve =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        ),
      ),
    total: () => [...calls.values()].reduce((a, b) => a + b, 0),
    byPath: () => Object.fromEntries(calls),
    reset: () => calls.clear(),
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
