import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@tenant-monitoring/plugin-monitoring-stack-backend/testUtils';
import { APP_URL, BACKEND_URL } from './portal';

/** What `bash scripts/start.sh` listens on: the portal and the demo stack. */
export const START_SCRIPT_PORTS = [3000, 7007, 9090, 9093, 9101];

/**
 * `bash scripts/start.sh` as a newcomer runs it, in its own process group so
 * that `interrupt` is what Ctrl-C in a terminal does.
 */
export class StartScript {
  private readonly child: ChildProcess;
  private readonly exited: Promise<unknown>;

  constructor(root: string, outDir: string) {
    const log = createWriteStream(join(outDir, 'start-script.log'));
    const env: NodeJS.ProcessEnv = { ...process.env, BROWSER: 'none' };
    // The default path: the demo stack and the portal.
    delete env.MONITORING_STACK_DEMO;
    this.child = spawn('bash', ['scripts/start.sh'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    this.exited = once(this.child, 'exit');
  }

  /** Resolves when the frontend is served and the backend is ready. */
  async portalUp() {
    await waitFor(
      'scripts/start.sh to serve the portal',
      async () => {
        if (this.child.exitCode !== null) {
          throw new Error(
            `scripts/start.sh exited with ${this.child.exitCode}`,
          );
        }
        const [app, backend] = await Promise.all([
          fetch(APP_URL),
          fetch(`${BACKEND_URL}/.backstage/health/v1/readiness`),
        ]);
        return (app.ok && backend.ok) || undefined;
      },
      360_000,
    );
  }

  /** Ctrl-C: SIGINT to the whole process group; resolves with the exit time in ms. */
  async interrupt(timeoutMs = 30_000): Promise<number> {
    if (this.child.exitCode !== null || this.child.signalCode !== null)
      return 0;
    const start = Date.now();
    process.kill(-this.child.pid!, 'SIGINT');
    const timer = setTimeout(() => this.kill(), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    return Date.now() - start;
  }

  /** Ends whatever is left of the group (after a failed check). */
  kill() {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
}
