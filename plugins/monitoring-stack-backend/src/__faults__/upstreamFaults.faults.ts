/**
 * Upstream faults through the real gateway (the backend plugin on
 * startTestBackend): a real Prometheus SIGKILLed while it writes an answer,
 * connection resets, answers slower than `timeoutMs`, HTML and truncated
 * gzip where JSON is expected. Each fault must give the caller 502 or 504
 * within `timeoutMs` plus a second, leave no socket open, and the next
 * request must succeed.
 */
import { AddressInfo } from 'node:net';
// Fault tests run as their own step (scripts/test.sh), not as *.test.ts.
// eslint-disable-next-line no-restricted-imports
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';
// Fault tests run as their own step (scripts/test.sh), not as *.test.ts.
// eslint-disable-next-line no-restricted-imports
import {
  FaultMode,
  FaultSwitchboard,
  Observed,
  openSockets,
  OwnPrometheus,
  settles,
  timedRequest,
} from './__testUtils__/faultServers';

jest.setTimeout(120_000);

const TIMEOUT_MS = 2000;

type Row = { fault: string; route: string } & Observed & {
    socketsBefore: number;
    socketsAfter: number;
    upstreamConnectionsAfter: number;
  };
const observed: Row[] = [];

describe('upstream faults through the gateway', () => {
  let board: FaultSwitchboard;
  let prometheus: OwnPrometheus;
  let base: string;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    [board, prometheus] = await Promise.all([
      new FaultSwitchboard().start(),
      OwnPrometheus.start(),
    ]);
    board.relayTarget = { host: '127.0.0.1', port: prometheus.port };
    const backend = await startGatewayBackend({
      metrics: board.url,
      loki: board.url,
      alertmanager: board.url,
      timeoutMs: TIMEOUT_MS,
      // Every rules request reads the upstream, so each one meets the fault
      // (by default one read serves every request for a few seconds).
      gateway: { rulesCacheSeconds: 0 },
    });
    base = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/monitoring-stack`;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await Promise.all([board?.stop(), prometheus?.stop()]);
    // eslint-disable-next-line no-console
    console.log(
      `upstream faults (timeoutMs ${TIMEOUT_MS}):\n${observed
        .map(
          r =>
            `  ${r.fault.padEnd(30)} ${r.route.padEnd(22)} → ${
              r.status ?? r.error
            } in ${r.ms} ms; sockets ${r.socketsBefore} → ${
              r.socketsAfter
            }, open to the upstream: ${r.upstreamConnectionsAfter}`,
        )
        .join('\n')}`,
    );
  });

  const ROUTES: Record<string, string> = {
    'metrics query (piped)': '/tenants/team-a/metrics/api/v1/query?query=up',
    'metrics rules (read)': '/tenants/team-a/metrics/api/v1/rules',
    'logs query_range': `/tenants/team-a/logs/loki/api/v1/query_range?query=${encodeURIComponent(
      '{app="x"}',
    )}`,
    'silences (read)': '/tenants/team-a/alertmanager/api/v2/silences',
  };

  const asAlice = { Authorization: auth.user(USERS.alice) };

  /** Asks `route` under `mode`; checks status, time, sockets and the next request. */
  async function expectFault(
    fault: string,
    mode: FaultMode,
    route: string,
    run: () => Promise<Observed> = () =>
      timedRequest(base + ROUTES[route], { headers: asAlice }),
  ) {
    board.mode = 'ok';
    // A request first, so that whatever the gateway opens once is open.
    const warm = await timedRequest(base + ROUTES[route], { headers: asAlice });
    expect(`${warm.status} ${warm.body}`).toMatch(/^200 /);
    await settles(() => board.openConnections === 0);
    const socketsBefore = await openSockets();
    board.mode = mode;
    const seen = await run().finally(() => {
      board.mode = 'ok';
    });
    const closed = await settles(() => board.openConnections === 0);
    const socketsAfter = await openSockets();
    const row = {
      fault,
      route,
      ...seen,
      socketsBefore,
      socketsAfter,
      upstreamConnectionsAfter: board.openConnections,
    };
    observed.push(row);
    expect({ fault, status: seen.status, error: seen.error }).toEqual({
      fault,
      status: [502, 504].includes(seen.status!) ? seen.status : '502 or 504',
      error: undefined,
    });
    expect(seen.ms).toBeLessThan(TIMEOUT_MS + 1000);
    expect(closed).toBe(true);
    expect(socketsAfter).toBeLessThanOrEqual(socketsBefore);
    const next = await timedRequest(base + ROUTES[route], { headers: asAlice });
    expect(`${next.status} ${next.body}`).toMatch(/^200 /);
    return seen;
  }

  it('a Prometheus SIGKILLed in the middle of its answer: 502, and the gateway serves on', async () => {
    board.relayPause = 64 * 1024;
    const now = Date.now() / 1000;
    // Every series of Prometheus (team-a's) over five minutes of lookback:
    // about 6 MB of JSON, more than the kernel's socket buffers hold (about
    // 4 MB while the relay holds back), less than the gateway reads ahead.
    const query = new URLSearchParams({
      query: '{__name__=~".+"}',
      start: String(Math.floor(now - 5)),
      end: String(Math.floor(now + 295)),
      step: '0.4',
    });
    const complete = (
      await timedRequest(`${prometheus.url}/api/v1/query_range?${query}`)
    ).body.length;
    const seen = await expectFault(
      'Prometheus SIGKILLed mid-answer',
      'relay',
      'metrics query (piped)',
      async () => {
        board.relayedBytes = 0;
        const pending = timedRequest(
          `${base}/tenants/team-a/metrics/api/v1/query_range?${query}`,
          { headers: asAlice },
        );
        const early = await Promise.race([
          board.relayPaused().then(() => undefined),
          pending,
        ]);
        if (early)
          throw new Error(
            `no answer streamed: ${JSON.stringify(early)} to ${board.lastHead}`,
          );
        await prometheus.kill('SIGKILL');
        board.resumeRelay();
        return pending;
      },
    );
    // Prometheus died before it had written its answer.
    expect(board.relayedBytes).toBeLessThan(complete * 0.9);
    expect(seen.body).toMatch(/broke off its answer/);
    observed[
      observed.length - 1
    ].fault += ` (${board.relayedBytes} of ${complete} bytes)`;
  });

  it('an answer bigger than the read-ahead, reset after 9 MiB: the caller sees a cut connection, never a complete 200', async () => {
    board.mode = 'big-reset';
    const socketsBefore = await openSockets();
    const seen = await timedRequest(base + ROUTES['metrics query (piped)'], {
      headers: asAlice,
    }).finally(() => {
      board.mode = 'ok';
    });
    const closed = await settles(() => board.openConnections === 0);
    const socketsAfter = await openSockets();
    observed.push({
      fault: 'reset after 9 MiB (streamed)',
      route: 'metrics query (piped)',
      ...seen,
      body: '',
      socketsBefore,
      socketsAfter,
      upstreamConnectionsAfter: board.openConnections,
    });
    expect(seen.status).toBe(200);
    expect(seen.error).toMatch(/after the status line/);
    expect(seen.ms).toBeLessThan(TIMEOUT_MS + 1000);
    expect(closed).toBe(true);
    expect(socketsAfter).toBeLessThanOrEqual(socketsBefore);
    const next = await timedRequest(base + ROUTES['metrics query (piped)'], {
      headers: asAlice,
    });
    expect(next.status).toBe(200);
  });

  describe.each(Object.keys(ROUTES))('on %s', route => {
    it.each<[string, FaultMode, number]>([
      ['connection reset before the answer', 'reset', 502],
      ['connection reset in the middle of the body', 'reset-mid-body', 502],
      ['no answer within timeoutMs', 'silent', 504],
      ['a body that trickles past timeoutMs', 'trickle', 504],
      ['an HTML page where JSON is expected', 'html', 502],
      ['a truncated gzip answer', 'truncated-gzip', 502],
    ])('%s: HTTP %d', async (fault, mode, status) => {
      const seen = await expectFault(fault, mode, route);
      expect(seen.status).toBe(status);
    });
  });
});
