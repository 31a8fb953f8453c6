import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';

/** How the switchboard answers the next requests. */
export type FaultMode =
  /** A small valid Prometheus answer, then the connection closes. */
  | 'ok'
  /** Through the relay to the real Prometheus; see `relayPause`. */
  | 'relay'
  /** RST as soon as the request head arrived. */
  | 'reset'
  /** Headers and half a body, then RST. */
  | 'reset-mid-body'
  /** Reads the request and never answers. */
  | 'silent'
  /** Headers at once, then a byte of body every 200 ms, never done. */
  | 'trickle'
  /** 200 with an HTML page (a login page or a load balancer's error page). */
  | 'html'
  /** A complete HTTP answer whose gzip stream is cut off. */
  | 'truncated-gzip'
  /** 9 MiB of an answer (more than the gateway reads ahead), then RST. */
  | 'big-reset';

const OK_BODY = JSON.stringify({
  status: 'success',
  data: {
    resultType: 'vector',
    result: [],
    groups: [],
    alerts: [],
  },
});

/**
 * One loopback server behind every upstream of the gateway, answering with
 * the fault of its current mode; counts the connections it holds open. In
 * `relay` mode it forwards the raw bytes to a real Prometheus and, when
 * `relayPause` is set, stops reading Prometheus' answer after that many
 * bytes until `resumeRelay()`, so that Prometheus is still writing when the
 * test kills it.
 */
export class FaultSwitchboard {
  mode: FaultMode = 'ok';
  relayTarget?: { host: string; port: number };
  relayPause?: number;
  private paused?: () => void;
  private pausedWaiters: Array<() => void> = [];
  private readonly sockets = new Set<net.Socket>();
  relayedBytes = 0;

  private readonly server = net.createServer(socket => {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.indexOf('\r\n\r\n') < 0) return;
      socket.off('data', onData);
      this.answer(socket, head);
    };
    socket.on('data', onData);
  });

  get url() {
    return `http://127.0.0.1:${
      (this.server.address() as net.AddressInfo).port
    }`;
  }

  /** Connections the gateway holds open to this server. */
  get openConnections() {
    return this.sockets.size;
  }

  async start() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop() {
    for (const s of this.sockets) s.destroy();
    this.server.close();
    await once(this.server, 'close');
  }

  /** Resolves when the relay stopped reading Prometheus' answer. */
  relayPaused(): Promise<void> {
    if (this.paused) return Promise.resolve();
    return new Promise(resolve => this.pausedWaiters.push(resolve));
  }

  resumeRelay() {
    const resume = this.paused;
    this.paused = undefined;
    resume?.();
  }

  private answer(socket: net.Socket, head: Buffer) {
    switch (this.mode) {
      case 'ok': {
        // Alertmanager's lists are arrays; Prometheus and Loki wrap theirs.
        const body = /^GET \/api\/v2\//.test(head.toString()) ? '[]' : OK_BODY;
        socket.end(
          `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
      case 'reset':
        socket.resetAndDestroy();
        return;
      case 'reset-mid-body':
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"status":"succe\r\n',
          () => setTimeout(() => socket.resetAndDestroy(), 50),
        );
        return;
      case 'silent':
        return;
      case 'trickle': {
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
        );
        const timer = setInterval(() => {
          if (socket.destroyed) clearInterval(timer);
          else socket.write('1\r\n \r\n');
        }, 200);
        socket.on('close', () => clearInterval(timer));
        return;
      }
      case 'html': {
        const page =
          '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Sign in to continue</form></body></html>';
        socket.end(
          `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${page.length}\r\nConnection: close\r\n\r\n${page}`,
        );
        return;
      }
      case 'truncated-gzip': {
        const gz = zlib.gzipSync(Buffer.from(OK_BODY.repeat(50)));
        const cut = gz.subarray(0, Math.floor(gz.length / 2));
        socket.end(
          Buffer.concat([
            Buffer.from(
              `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${cut.length}\r\nConnection: close\r\n\r\n`,
            ),
            cut,
          ]),
        );
        return;
      }
      case 'big-reset': {
        const chunk = `{"metric":{"__name__":"up"},"values":[${'[1,"1"],'.repeat(
          1000,
        )}[1,"1"]]},`;
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
        );
        let sent = 0;
        const more = () => {
          while (sent < 9 * 1024 * 1024) {
            const piece = chunk.repeat(64);
            sent += piece.length;
            const frame = `${piece.length.toString(16)}\r\n${piece}\r\n`;
            if (!socket.write(frame)) {
              socket.once('drain', more);
              return;
            }
          }
          setTimeout(() => socket.resetAndDestroy(), 50);
        };
        more();
        return;
      }
      case 'relay':
        this.relay(socket, head);
        return;
      default:
        socket.destroy();
    }
  }

  lastHead = '';

  private relay(client: net.Socket, head: Buffer) {
    this.lastHead = head.toString();
    const target = this.relayTarget!;
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.write(head);
    client.on('data', chunk => upstream.write(chunk));
    let forwarded = 0;
    let pause = this.relayPause;
    upstream.on('data', (chunk: Buffer) => {
      forwarded += chunk.length;
      this.relayedBytes += chunk.length;
      client.write(chunk);
      if (pause !== undefined && forwarded >= pause) {
        pause = undefined; // once per connection
        upstream.pause();
        this.paused = () => upstream.resume();
        this.pausedWaiters.splice(0).forEach(w => w());
      }
    });
    // What a direct connection does when Prometheus' end closes: the rest
    // the kernel held, then the end (or the reset) of the connection.
    upstream.on('end', () => client.end());
  }
}

/** The open sockets of this process (TCP and Unix), from /proc/self/fd. */
export async function openSockets(): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    try {
      if ((await readlink(`/proc/self/fd/${fd}`)).startsWith('socket:'))
        count++;
    } catch {
      // closed while listing
    }
  }
  return count;
}

/** Polls until `check` holds or `ms` passed; returns whether it held. */
export async function settles(
  check: () => boolean | Promise<boolean>,
  ms = 1500,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise(r => setTimeout(r, 50));
  }
}

/** What a caller saw: status (or the error of a broken answer), body and time. */
export type Observed = {
  status?: number;
  body: string;
  error?: string;
  ms: number;
};

/** A request on a connection of its own (no client pool), timed. */
export function timedRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
  } = {},
): Promise<Observed> {
  const started = Date.now();
  return new Promise(resolve => {
    const req = http.request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    const done = (o: Omit<Observed, 'ms'>) =>
      resolve({ ...o, ms: Date.now() - started });
    const timer = setTimeout(
      () => req.destroy(new Error('client gave up')),
      options.timeoutMs ?? 30_000,
    );
    req.on('response', res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        done({
          status: res.statusCode,
          body: Buffer.concat(chunks).toString(),
        });
      });
      res.on('error', e => {
        clearTimeout(timer);
        done({
          status: res.statusCode,
          body: Buffer.concat(chunks).toString(),
          error: `${(e as Error).message} after the status line`,
        });
      });
    });
    req.on('error', e => {
      clearTimeout(timer);
      done({ body: '', error: e.message });
    });
    req.end(options.body);
  });
}

/** A Prometheus of its own scraping itself, so that a test may SIGKILL it. */
export class OwnPrometheus {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<OwnPrometheus> {
    const dir = await mkdtemp(join(tmpdir(), 'faults-prometheus-'));
    const port = await freePort();
    await writeFile(
      join(dir, 'prometheus.yml'),
      JSON.stringify({
        global: { scrape_interval: '1s' },
        scrape_configs: [
          {
            job_name: 'self',
            // team-a's, so that team-a's user reads all of it.
            static_configs: [
              {
                targets: [`127.0.0.1:${port}`],
                labels: { namespace: 'team-a' },
              },
            ],
          },
        ],
      }),
    );
    const child = spawn(
      '/usr/bin/prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: 'ignore' },
    );
    const prom = new OwnPrometheus(child, port, dir);
    await waitUntil('Prometheus to hold a few scrapes', async () => {
      const res = await fetch(
        `http://127.0.0.1:${port}/api/v1/query?query=count(count_over_time(up[10s])>=3)`,
      );
      const body = await res.json();
      return body?.data?.result?.length === 1;
    });
    return prom;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL') {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill(signal);
    await exited;
  }

  async stop() {
    await this.kill('SIGTERM');
    await rm(this.dir, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls `check` every 100 ms until it holds; fails after `ms`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}${last ? `: ${last}` : ''}`,
      );
    await new Promise(r => setTimeout(r, 100));
  }
}
