import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A server process of ours, on loopback, with its files in a temporary folder. */
export type LoopbackProcess = {
  url: string;
  /** The temporary folder that holds its files. */
  dir: string;
  /** The end of what it wrote to stderr. */
  log: () => string;
  /** Ends it (SIGTERM, or SIGKILL for a crash) and removes its folder. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/**
 * Writes `files` into a new temporary folder, starts `binary` with
 * `args(dir, address)` on a free port of 127.0.0.1 and waits until its
 * `/-/ready` answers (Prometheus and Alertmanager both have it). `stop`
 * ends the process and removes the folder.
 */
export async function startLoopbackProcess(options: {
  name: string;
  binary: string;
  files: Record<string, string>;
  args: (dir: string, address: string) => string[];
}): Promise<LoopbackProcess> {
  const { name, binary, files, args } = options;
  const dir = await mkdtemp(join(tmpdir(), `alert-path-${name}-`));
  for (const [file, content] of Object.entries(files)) {
    await writeFile(join(dir, file), content);
  }
  const address = `127.0.0.1:${await freePort()}`;
  let log = '';
  const child: ChildProcess = spawn(binary, args(dir, address), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', chunk => {
    log = (log + String(chunk)).slice(-4000);
  });
  const url = `http://${address}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await once(child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${name} exited: ${log}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      r => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not get ready: ${log}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
  return { url, dir, log: () => log, stop };
}
