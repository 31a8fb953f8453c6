import { Server } from 'node:http';
import { setupServer } from 'msw/node';
import { startGatewayBackend } from '../../__testUtils__/gatewayBackend';
import {
  CONFORMANCE_DATA_DIR,
  ConformanceCase,
  loadCases,
} from './__testUtils__/caseLoader';
import { CaseOutcome } from './__testUtils__/caseOutcome';
import {
  DELIBERATE_DIFFERENCES,
  DeliberateDifference,
  REASONS,
} from './deliberateDifferences';
import { runEnforceCase } from './__testUtils__/enforceCaseRunner';
import {
  ALERTMANAGER_URL,
  FakeUpstreams,
  PROMETHEUS_URL,
} from './__testUtils__/fakeUpstreams';
import {
  ConformanceTenants,
  HttpCaseRunner,
} from './__testUtils__/httpCaseRunner';

// Runs prom-label-proxy's own test tables (shared/conformance beside the
// clone) against our enforcer and routes. Every case must behave the same, or
// be listed in deliberateDifferences.ts, and a listed case must still differ.

const dataDir = CONFORMANCE_DATA_DIR;
const cases = loadCases(dataDir);
const upstreams = new FakeUpstreams(dataDir);
const server = setupServer(...upstreams.handlers());
const tenants = new ConformanceTenants(cases);
const outcomes = new Map<string, CaseOutcome>();

const listingOf = (c: ConformanceCase): DeliberateDifference | undefined =>
  DELIBERATE_DIFFERENCES.find(d => d.ids?.includes(c.id) || d.when?.(c));

/** Why a case fails the contract (same, or listed and still different), if it does. */
function problemOf(
  c: ConformanceCase,
  outcome: CaseOutcome,
): string | undefined {
  const listed = listingOf(c);
  if (outcome.result === 'same' && listed) {
    return `${c.id} now behaves like prom-label-proxy: remove it from deliberateDifferences.ts (${listed.reason})`;
  }
  if (outcome.result !== 'same' && !listed) {
    const details =
      outcome.result === 'different'
        ? outcome.differences.join('; ')
        : outcome.why;
    return `${c.id} (${c.name}) differs from prom-label-proxy and is not listed: ${details}`;
  }
  return undefined;
}

/** Keeps the outcome for the summary. */
function record(c: ConformanceCase, outcome: CaseOutcome): CaseOutcome {
  outcomes.set(c.id, outcome);
  return outcome;
}

describe('prom-label-proxy conformance', () => {
  let runner: HttpCaseRunner;

  beforeAll(async () => {
    // Requests to the test backend itself go through.
    server.listen({ onUnhandledRequest: 'bypass' });
    const backends = new Map<string, Promise<Server>>();
    const appFor = (tenantId: string) => {
      // A tenant no case's values name goes to the first tenant's backend, where it is unknown.
      const id = tenants.all().includes(tenantId) ? tenantId : tenants.all()[0];
      if (!backends.has(id)) {
        backends.set(
          id,
          startGatewayBackend({
            metrics: PROMETHEUS_URL,
            alertmanager: ALERTMANAGER_URL,
            entities: [tenants.entity(id)],
            gateway: { serviceTokens: [tenants.serviceToken(id)] },
          }).then(b => b.server),
        );
      }
      return backends.get(id)!;
    };
    runner = new HttpCaseRunner(appFor, tenants, upstreams, dataDir);
  });

  afterAll(() => {
    server.close();
    const byReason = new Map<string, number>();
    let same = 0;
    for (const [id, outcome] of outcomes) {
      if (outcome.result === 'same') same += 1;
      else {
        const reason =
          listingOf(cases.find(c => c.id === id)!)?.reason ?? 'UNLISTED';
        byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
      }
    }
    const lines = [...byReason]
      .sort((a, b) => b[1] - a[1])
      .map(([r, n]) => `  ${String(n).padStart(4)}  ${r}`);
    // eslint-disable-next-line no-console
    console.log(
      [
        `prom-label-proxy conformance: ${cases.length} cases, ${outcomes.size} run`,
        `  ${String(same).padStart(4)}  same as prom-label-proxy`,
        `  ${String(outcomes.size - same).padStart(
          4,
        )}  deliberately different:`,
        ...lines,
      ].join('\n'),
    );
  });

  it('has the data set the table was written for', () => {
    expect(cases).toHaveLength(401);
    expect(new Set(cases.map(c => c.id)).size).toBe(cases.length);
  });

  it.each(
    cases.filter(c => c.kind === 'promql-enforce').map(c => [c.id, c] as const),
  )('enforcer %s', (_id, c) =>
    expect(problemOf(c, record(c, runEnforceCase(c)))).toBeUndefined(),
  );

  it.each(cases.filter(c => c.kind === 'http').map(c => [c.id, c] as const))(
    'routes %s',
    async (_id, c) =>
      expect(problemOf(c, record(c, await runner.run(c)))).toBeUndefined(),
  );

  it.each(cases.filter(c => c.kind === 'config').map(c => [c.id, c] as const))(
    'config %s',
    (_id, c) => {
      const outcome: CaseOutcome = {
        result: 'not-applicable',
        why: `NewRoutes options ${Object.keys(c.options).join(', ')}`,
      };
      expect(problemOf(c, record(c, outcome))).toBeUndefined();
    },
  );

  it('lists only cases that exist, each under a known reason', () => {
    for (const d of DELIBERATE_DIFFERENCES) {
      expect(Object.keys(REASONS)).toContain(d.reason);
      for (const id of d.ids ?? []) expect(cases.map(c => c.id)).toContain(id);
      expect(cases.some(c => listingOf(c) === d)).toBe(true);
    }
  });
});
