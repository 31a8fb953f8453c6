import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** What one target answers on its scrape path. */
export type TargetState = {
  /** False: the target answers 503, so Prometheus sets `up` to 0. */
  up: boolean;
  /** The exposition text served while up. */
  metrics: string;
};

/**
 * Scrape targets for a real Prometheus, one a path (`/<name>`), whose answer
 * a test changes while Prometheus scrapes them.
 */
export class ScrapeTargets {
  readonly state: Record<string, TargetState> = {};
  address = '';
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const target = this.state[(req.url ?? '/').slice(1)];
      if (!target?.up) {
        res.writeHead(target ? 503 : 404);
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end(target.metrics);
    });
  }

  async start() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.address = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }
}
