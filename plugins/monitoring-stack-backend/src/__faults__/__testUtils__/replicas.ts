import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { waitUntil } from './faultServers';

const ROOT = resolvePackagePath(
  '@tenant-monitoring/plugin-monitoring-stack-backend',
  '../..',
);

/** Preloaded into the replicas: serves the test's SNS signing certificate. */
export const CERT_PRELOAD = resolvePackagePath(
  '@tenant-monitoring/plugin-monitoring-stack-backend',
  'src/__faults__/__testUtils__/certPreload.mjs',
);

/** The static token the tests call the replicas with. */
export const REPLICA_TOKEN = 'faults-replica-token-0123456789abcdef';

/**
 * A replica: the real portal backend (packages/backend, as e2e starts it)
 * with app-config.yaml plus a config file of the test's, on its own port,
 * with AWS SDK clients pointed at the fake AWS through
 * `AWS_ENDPOINT_URL_CLOUDTRAIL`/`_SNS` and its own access key id, so that
 * the fake knows who called.
 */
export class Replica {
  private child?: ChildProcess;
  private exited?: Promise<unknown>;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly dir: string,
    private readonly config: object,
    private readonly env: Record<string, string>,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get logFile() {
    return join(this.dir, `${this.name}.log`);
  }

  async log(): Promise<string> {
    return readFile(this.logFile, 'utf8').catch(() => '');
  }

  async start() {
    const configFile = join(this.dir, `${this.name}.yaml`);
    await writeFile(configFile, JSON.stringify(this.config));
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn(
      'yarn',
      [
        'workspace',
        'backend',
        'start',
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.development.yaml',
        '--config',
        configFile,
      ],
      {
        cwd: ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          NODE_ENV: 'development',
          AWS_ACCESS_KEY_ID: this.name,
          AWS_SECRET_ACCESS_KEY: 'faults-secret',
          AWS_REGION: 'eu-west-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          ...this.env,
        },
      },
    );
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    this.exited = once(this.child, 'exit');
    await waitUntil(
      `replica ${this.name} to be ready (log: ${this.logFile})`,
      async () => {
        if (this.child?.exitCode !== null) throw new Error('exited');
        return (await fetch(`${this.url}/.backstage/health/v1/readiness`)).ok;
      },
      180_000,
    );
  }

  get running() {
    return (
      this.child !== undefined &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  /** Kills the whole process group (yarn, backstage-cli, the backend). */
  async kill(signal: NodeJS.Signals) {
    if (!this.child || !this.running) return;
    try {
      process.kill(-this.child.pid!, signal);
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-this.child!.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }, 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The replica config: PostgreSQL, fast schedules, the admin topic, CloudTrail on. */
export function replicaConfig(options: {
  port: number;
  database: { host: string; port: number; user: string };
  topicArn: string;
}) {
  return {
    backend: {
      baseUrl: `http://127.0.0.1:${options.port}`,
      listen: { port: options.port, host: '127.0.0.1' },
      database: { client: 'pg', connection: options.database },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: REPLICA_TOKEN, subject: 'faults' },
          },
        ],
      },
    },
    catalog: {
      providers: {
        monitoringStack: {
          // ISO strings: objects would merge with app-config.yaml's minutes.
          schedule: {
            frequency: 'PT2S',
            timeout: 'PT20S',
            initialDelay: 'PT1S',
          },
          kubernetes: false,
        },
      },
    },
    monitoringStack: {
      admin: { alertsTopicArn: options.topicArn },
      cloudTrail: {
        enabled: true,
        schedule: {
          frequency: { seconds: 3 },
          timeout: { seconds: 6 },
          initialDelay: { seconds: 1 },
        },
        initialLookbackHours: 1,
        lookbackMinutes: 5,
        // The EKS lookup alone: the stack's 14 more take 7 s at 2 a second,
        // past this schedule's 6 s timeout; FakeAws serves every lookup alike.
        watchStack: false,
      },
    },
  };
}
