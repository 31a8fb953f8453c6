import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './faultServers';

const run = promisify(execFile);

async function pgBin(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort(
    (a, b) => Number(a) - Number(b),
  );
  if (!versions.length) {
    throw new Error(
      'PostgreSQL is missing: install the Debian package postgresql (scripts/test.sh does)',
    );
  }
  return `/usr/lib/postgresql/${versions[versions.length - 1]}/bin`;
}

/**
 * A PostgreSQL cluster of the test's own on a free loopback port, as
 * scripts/postgres.sh starts one, that the test stops and starts again.
 */
export class OwnPostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<OwnPostgres> {
    const bin = await pgBin();
    const dir = await mkdtemp(join(tmpdir(), 'faults-pg-'));
    await chmod(dir, 0o755);
    const pg = new OwnPostgres(bin, dir, await freePort());
    if (process.getuid?.() === 0) await run('chown', ['-R', 'postgres', dir]);
    await pg.as('initdb', ['-D', pg.data, '-U', 'postgres', '--auth=trust']);
    await pg.startServer();
    return pg;
  }

  private get data() {
    return join(this.dir, 'data');
  }

  /** Runs a PostgreSQL binary, as the postgres user when we are root. */
  private async as(binary: string, args: string[]) {
    const cmd = join(this.bin, binary);
    if (process.getuid?.() === 0) {
      await run('runuser', ['-u', 'postgres', '--', cmd, ...args]);
    } else {
      await run(cmd, args);
    }
  }

  get connection() {
    return {
      host: '127.0.0.1',
      port: this.port,
      user: 'postgres',
      database: 'postgres',
    };
  }

  get connectionString() {
    return `postgresql://postgres@127.0.0.1:${this.port}`;
  }

  async startServer() {
    await this.as('pg_ctl', [
      '-D',
      this.data,
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
  }

  /** Stops the server (fast: open connections are terminated). */
  async stopServer() {
    await this.as('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  async destroy() {
    await this.as('pg_ctl', ['-D', this.data, '-m', 'immediate', 'stop']).catch(
      () => undefined,
    );
    await rm(this.dir, { recursive: true, force: true });
  }
}
