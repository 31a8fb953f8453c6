import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '@tenant-monitoring/plugin-monitoring-stack-backend/testUtils';

export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

function listening(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The ports among `ports` that something listens on. */
export async function takenPorts(ports: number[]): Promise<number[]> {
  const open = await Promise.all(ports.map(listening));
  return ports.filter((_, i) => open[i]);
}

/** A process group started for the test; `stop` ends all of it. */
export class Started {
  private readonly exited: Promise<unknown>;
  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    /** The port it serves, free again once `stop` resolves. */
    private readonly port: number,
  ) {
    this.exited = once(child, 'exit');
  }

  /**
   * Ends the group and waits until its port is free: yarn exits before the
   * backend it started has finished shutting down, and the next step may
   * want the port. What is left after 10 s is killed.
   */
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      process.kill(-this.child.pid!, 'SIGTERM');
    }
    const killAt = Date.now() + 10_000;
    let killed = false;
    while ((await takenPorts([this.port])).length > 0) {
      if (Date.now() > killAt + 5_000) {
        throw new Error(`${this.name} still listens on port ${this.port}`);
      }
      if (!killed && Date.now() > killAt) {
        try {
          process.kill(-this.child.pid!, 'SIGKILL');
        } catch {
          // The group is gone; something else holds the port.
        }
        killed = true;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    await this.exited;
  }
}

function start(
  name: string,
  args: string[],
  port: number,
  root: string,
  outDir: string,
) {
  // Appends, so a restarted backend keeps the earlier run's log.
  const log = createWriteStream(join(outDir, `${name}.log`), { flags: 'a' });
  const child = spawn('yarn', args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The frontend dev server reads app-config.development.yaml by BACKSTAGE_ENV.
    env: {
      ...process.env,
      NODE_ENV: 'development',
      BACKSTAGE_ENV: 'development',
      BROWSER: 'none',
    },
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return new Started(name, child, port);
}

/** The local demo's config, as `yarn start` loads it (BACKSTAGE_ENV=development). */
const DEVELOPMENT_CONFIGS = [
  '../../app-config.yaml',
  '../../app-config.development.yaml',
];

/** Starts the backend with the local demo's config plus the given config files. */
export async function startBackend(
  root: string,
  outDir: string,
  configs: string[],
) {
  const backend = start(
    'backend',
    [
      'workspace',
      'backend',
      'start',
      ...[...DEVELOPMENT_CONFIGS, ...configs].flatMap(c => ['--config', c]),
    ],
    Number(new URL(BACKEND_URL).port),
    root,
    outDir,
  );
  await waitFor(
    'the backend to be ready',
    async () =>
      (await fetch(`${BACKEND_URL}/.backstage/health/v1/readiness`)).ok ||
      undefined,
    120_000,
  );
  // The catalog starts empty (in-memory SQLite): wait for the provider's entities.
  const token = await guestToken();
  await waitFor(
    'the tenant entities in the catalog',
    async () =>
      (
        await fetch(
          `${BACKEND_URL}/api/catalog/entities/by-name/system/default/team-b-monitoring`,
          { headers: { Authorization: `Bearer ${token}` } },
        )
      ).ok || undefined,
    120_000,
  );
  return backend;
}

/** Starts the frontend dev server. */
export async function startFrontend(root: string, outDir: string) {
  const app = start(
    'frontend',
    ['workspace', 'app', 'start'],
    Number(new URL(APP_URL).port),
    root,
    outDir,
  );
  await waitFor(
    'the frontend to be served',
    async () => (await fetch(APP_URL)).ok || undefined,
    240_000,
  );
  return app;
}

/** A guest token, as the browser gets it. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    headers: { Origin: APP_URL, 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}
