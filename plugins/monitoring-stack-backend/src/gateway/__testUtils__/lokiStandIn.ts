import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { readSeenRequest, SeenRequest } from './recordingProxy';
import { listenOnLoopback } from '../../__testUtils__/loopbackServer';

type Labels = Record<string, string>;

/** What one Loki org holds: its streams, detected fields and patterns. */
type OrgData = {
  streams: Labels[];
  fields: Array<{ label: string; type: string; values: string[] }>;
  patterns: string[];
  limits: Record<string, unknown>;
};

/**
 * The stand-in's data per org (X-Scope-OrgID). Everything of org team-b
 * carries the string `team-b` or `team_b` (TEAM_B_MARK), nothing of team-a
 * does.
 */
export const LOKI_ORGS: Record<string, OrgData> = {
  'team-a': {
    streams: [
      { namespace: 'team-a', service_name: 'checkout', level: 'info' },
      { namespace: 'team-a', service_name: 'checkout', level: 'error' },
    ],
    fields: [
      { label: 'duration', type: 'duration', values: ['12ms', '40ms'] },
      { label: 'order_id', type: 'string', values: ['o-1', 'o-2'] },
    ],
    patterns: ['level=info msg="order <_> placed" duration=<_>'],
    limits: { retention_period: '744h', discover_service_name: ['service'] },
  },
  'team-b': {
    streams: [
      {
        namespace: 'team-b',
        service_name: 'team-b-ledger',
        level: 'info',
        team_b_secret: 'team-b',
      },
    ],
    fields: [
      {
        label: 'team_b_account',
        type: 'string',
        values: ['team-b-acct-7'],
      },
    ],
    patterns: ['team-b ledger entry <_> for account <_>'],
    limits: { retention_period: '8760h', discover_service_name: ['team-b'] },
  },
};

/** Loki's drilldown-limits answer around an org's limits (Logs Drilldown's LokiConfig). */
function drilldownLimits(orgs: OrgData[]) {
  const limits = Object.assign(
    {
      discover_log_levels: true,
      log_level_fields: ['level', 'LEVEL', 'Level', 'severity'],
      max_entries_limit_per_query: 5000,
      max_query_series: 500,
      query_timeout: '1m',
      volume_enabled: true,
      volume_max_series: 1000,
      pattern_persistence_enabled: false,
      metric_aggregation_enabled: false,
    },
    ...orgs.map(o => o.limits),
  );
  return { limits, pattern_ingester_enabled: true, version: '3.4.2' };
}

const unique = (values: string[]) => [...new Set(values)].sort();
const NOW_S = 1_750_000_000;

/**
 * An answer shaped as Loki's HTTP API documents it (docs/sources/reference/
 * loki-http-api.md; the detected_* endpoints as pkg/loghttp and Grafana's
 * Loki data source read them), made from the data of the asking org(s), or
 * undefined for a path Loki does not have.
 */
function answer(path: string, params: URLSearchParams, orgs: OrgData[]) {
  const streams = orgs.flatMap(o => o.streams);
  const fields = orgs.flatMap(o => o.fields);
  const query = params.get('query') ?? '';
  const isLogsQuery = query.trimStart().startsWith('{');
  const success = (data: unknown) => ({ status: 'success', data });
  const vector = (metrics: Labels[], value = '1') =>
    metrics.map(metric => ({ metric, value: [NOW_S, value] }));
  const matrix = (metrics: Labels[]) =>
    metrics.map(metric => ({ metric, values: [[NOW_S, '1']] }));
  const logStreams = () =>
    streams.map(stream => ({
      stream,
      values: [[`${NOW_S}000000000`, `level=${stream.level} msg="hello"`]],
    }));
  const byService = () =>
    unique(streams.map(s => s.service_name)).map(service_name => ({
      service_name,
    }));

  const labelValues = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
  if (labelValues) {
    const name = decodeURIComponent(labelValues[1]);
    return success(unique(streams.map(s => s[name]).filter(v => v)));
  }
  const fieldValues = /^\/loki\/api\/v1\/detected_field\/([^/]+)\/values$/.exec(
    path,
  );
  if (fieldValues) {
    const name = decodeURIComponent(fieldValues[1]);
    const values = fields.filter(f => f.label === name).flatMap(f => f.values);
    return { values: unique(values), limit: Number(params.get('limit') ?? 0) };
  }
  switch (path) {
    case '/loki/api/v1/query':
      if (query === 'vector(1)+vector(1)') {
        return success({ resultType: 'vector', result: vector([{}], '2') });
      }
      return success(
        isLogsQuery
          ? { resultType: 'streams', result: logStreams(), stats: {} }
          : { resultType: 'vector', result: vector(byService()), stats: {} },
      );
    case '/loki/api/v1/query_range':
      return success(
        isLogsQuery
          ? { resultType: 'streams', result: logStreams(), stats: {} }
          : { resultType: 'matrix', result: matrix(byService()), stats: {} },
      );
    case '/loki/api/v1/labels':
      return success(unique(streams.flatMap(s => Object.keys(s))));
    case '/loki/api/v1/series':
      return success(streams);
    case '/loki/api/v1/index/stats':
      return {
        streams: streams.length,
        chunks: streams.length,
        bytes: 1000 * streams.length,
        entries: 10 * streams.length,
      };
    case '/loki/api/v1/index/volume':
      return success({ resultType: 'vector', result: vector(byService()) });
    case '/loki/api/v1/index/volume_range':
      return success({ resultType: 'matrix', result: matrix(byService()) });
    case '/loki/api/v1/patterns':
      return success(
        orgs
          .flatMap(o => o.patterns)
          .map(pattern => ({ pattern, samples: [[NOW_S, 3]] })),
      );
    case '/loki/api/v1/detected_labels':
      return {
        detectedLabels: unique(streams.flatMap(s => Object.keys(s))).map(
          label => ({
            label,
            cardinality: unique(streams.map(s => s[label] ?? '')).length,
          }),
        ),
      };
    case '/loki/api/v1/detected_fields':
      return {
        fields: fields.map(f => ({
          label: f.label,
          type: f.type,
          cardinality: f.values.length,
          parsers: ['logfmt'],
        })),
        limit: Number(params.get('limit') ?? 1000),
      };
    case '/loki/api/v1/format_query':
      return success(query);
    case '/loki/api/v1/status/buildinfo':
      return {
        version: '3.4.2',
        revision: 'stand-in',
        branch: 'HEAD',
        buildUser: 'stand-in',
        buildDate: '2025-01-01T00:00:00Z',
        goVersion: 'go1.23.6',
      };
    case '/loki/api/v1/drilldown-limits':
      return drilldownLimits(orgs);
    // The ruler's Prometheus-compatible listings: the stand-in holds no rules.
    case '/prometheus/api/v1/rules':
      return success({ groups: [] });
    case '/prometheus/api/v1/alerts':
      return success({ alerts: [] });
    default:
      return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res
    .writeHead(status, {
      'Content-Type':
        typeof body === 'string' ? 'text/plain' : 'application/json',
    })
    .end(text);
}

/** The org ids of a request, as Loki reads `X-Scope-OrgID` (`a|b` for several). */
function orgsOf(req: IncomingMessage): OrgData[] | undefined {
  const orgId = req.headers['x-scope-orgid'];
  if (typeof orgId !== 'string' || orgId === '') return undefined;
  return orgId
    .split('|')
    .map(id => LOKI_ORGS[id])
    .filter(o => o);
}

/** How often the stand-in's tail pushes a line. */
const TAIL_INTERVAL_MS = 500;

/**
 * `GET /loki/api/v1/tail` as Loki answers it: a WebSocket that pushes
 * `{"streams":[{"stream":…,"values":[[ns, line]]}],"dropped_entries":null}`
 * frames, here one line of each of the orgs' streams every 500 ms.
 */
function tailOn(server: ReturnType<typeof createServer>) {
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head) => {
    const orgs = orgsOf(req);
    if (!req.url?.startsWith('/loki/api/v1/tail') || !orgs) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, ws => {
      let n = 0;
      const timer = setInterval(() => {
        n += 1;
        const ns = `${BigInt(Date.now()) * 1_000_000n}`;
        ws.send(
          JSON.stringify({
            streams: orgs
              .flatMap(o => o.streams)
              .map(stream => ({
                stream,
                values: [[ns, `level=${stream.level} msg="tailed line ${n}"`]],
              })),
            dropped_entries: null,
          }),
        );
      }, TAIL_INTERVAL_MS);
      ws.on('close', () => clearInterval(timer));
      ws.on('error', () => clearInterval(timer));
    });
  });
}

/**
 * A Loki-shaped stand-in on loopback (there is no Loki here): it answers
 * each org only with that org's data, as Loki with `auth_enabled` does, a
 * request without `X-Scope-OrgID` with 401 and a path Loki does not have
 * with 404, tails through a WebSocket, and records every request it gets,
 * headers included.
 */
export async function startLokiStandIn() {
  const requests: SeenRequest[] = [];
  const server = createServer(async (req, res) => {
    const { seen } = await readSeenRequest(req);
    requests.push(seen);
    if (seen.path === '/ready') {
      send(res, 200, 'ready\n');
      return;
    }
    const orgs = orgsOf(req);
    if (!orgs) {
      send(res, 401, 'no org id\n');
      return;
    }
    const body = answer(seen.path, seen.params, orgs);
    if (body === undefined) {
      send(res, 404, '404 page not found\n');
      return;
    }
    send(res, 200, body);
  });
  tailOn(server);
  return { ...(await listenOnLoopback(server)), requests };
}
