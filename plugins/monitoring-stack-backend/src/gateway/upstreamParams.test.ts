import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';
import {
  CannedAnswer,
  RecordedRequest,
  startRecordingUpstream,
} from '../upstream/__testUtils__/recordingUpstream';

/** Parameters Thanos reads that choose stores, replicas and evaluation. */
const THANOS_ONLY = {
  partial_response: 'true',
  dedup: 'false',
  'replicaLabels[]': 'replica',
  'storeMatch[]': '{__address__="10.0.3.7:10901"}',
  engine: 'thanos',
  analyze: 'true',
  lookback_delta: '1h',
  stats: 'all',
  whatever: 'x',
};

/** A Thanos partial-response error naming store addresses and team-b's label sets. */
const THANOS_ERROR = JSON.stringify({
  status: 'error',
  errorType: 'execution',
  error:
    'receive series from Addr: 10.0.3.7:10901 LabelSets: {tenant="team-b", replica="a"} Mint: 1 Maxt: 2: rpc error: code = Unavailable desc = connection error: dial tcp thanos-store-1.thanos-store.monitoring.svc:10901: i/o timeout; found duplicate series for the match group {namespace="team-b"} on the right hand-side',
});
const LEAKS = /10\.0\.3\.7|10901|team-b|thanos-store|replica="a"/;

/** Alertmanager answers lists; Prometheus and Loki an empty result. */
const success = (r: RecordedRequest): CannedAnswer => ({
  body: r.path.startsWith('/api/v2/')
    ? '[]'
    : '{"status":"success","data":{"resultType":"vector","result":[]}}',
});
let answer = success;
let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
let app: Awaited<ReturnType<typeof startGatewayBackend>>['server'];

beforeAll(async () => {
  upstream = await startRecordingUpstream(r => answer(r));
  ({ server: app } = await startGatewayBackend({
    metrics: upstream.url,
    loki: upstream.url,
    alertmanager: upstream.url,
  }));
});
afterAll(() => upstream?.stop());
beforeEach(() => {
  upstream.requests.length = 0;
});

const A = '/api/monitoring-stack/tenants/team-a';
const get = (path: string) =>
  request(app).get(`${A}${path}`).set('Authorization', auth.user(USERS.alice));
const q = (params: Record<string, string>) =>
  new URLSearchParams(params).toString();

describe('parameters that reach an upstream', () => {
  it.each([
    ['/metrics/api/v1/query', { query: 'up', time: '1', timeout: '5s' }],
    [
      '/metrics/api/v1/query_range',
      { query: 'up', start: '1', end: '2', step: '1' },
    ],
    ['/metrics/api/v1/series', { 'match[]': 'up', start: '1', end: '2' }],
    ['/metrics/api/v1/labels', { start: '1', end: '2', limit: '10' }],
    ['/metrics/api/v1/label/job/values', { start: '1', end: '2' }],
    ['/metrics/federate', { 'match[]': 'up' }],
    [
      '/logs/loki/api/v1/query_range',
      {
        query: '{app="x"}',
        start: '1',
        end: '2',
        step: '1',
        limit: '100',
        direction: 'backward',
      },
    ],
    ['/logs/loki/api/v1/query', { query: '{app="x"}', limit: '10' }],
    ['/logs/loki/api/v1/labels', { start: '1', end: '2' }],
    ['/alertmanager/api/v2/alerts', { active: 'true', silenced: 'false' }],
  ])(
    '%s keeps what Grafana sends and drops what the endpoint does not document',
    async (path, documented) => {
      const res = await get(`${path}?${q({ ...documented, ...THANOS_ONLY })}`);
      expect(res.status).toBe(200);
      expect(upstream.requests).toHaveLength(1);
      const sent = [...upstream.requests[0].params.keys()];
      expect(sent).toEqual(expect.arrayContaining(Object.keys(documented)));
      expect(sent.filter(k => k in THANOS_ONLY)).toEqual([]);
    },
  );

  it('drops them from a POST form body too', async () => {
    const res = await request(app)
      .post(`${A}/metrics/api/v1/query`)
      .set('Authorization', auth.user(USERS.alice))
      .type('form')
      .send(q({ query: 'up', ...THANOS_ONLY }));
    expect(res.status).toBe(200);
    const sent = [...upstream.requests[0].params.keys()];
    expect(sent).toEqual(['query']);
  });
});

describe('upstream error answers', () => {
  afterEach(() => {
    answer = success;
  });

  it.each([
    '/metrics/api/v1/query?query=up',
    '/metrics/api/v1/query_range?query=up&start=1&end=2&step=1',
    '/metrics/api/v1/series?match[]=up',
    '/metrics/api/v1/rules',
    '/metrics/api/v1/label/job/values',
  ])(
    '%s gives the status and errorType, without store addresses or label sets',
    async path => {
      answer = () => ({ status: 422, body: THANOS_ERROR });
      const res = await get(path);
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        status: 'error',
        errorType: 'execution',
        error: expect.stringContaining('receive series from Addr'),
      });
      expect(res.text).not.toMatch(LEAKS);
    },
  );

  it.each([
    [
      'text',
      'text/plain',
      'failed to reach 10.0.3.7:10901 for {tenant="team-b"}',
    ],
    [
      '{message}',
      'application/json',
      JSON.stringify({ code: 500, message: 'store 10.0.3.7:10901 down' }),
    ],
  ])(
    'sanitises a Loki error given as %s',
    async (_shape, contentType, body) => {
      answer = () => ({ status: 500, contentType, body });
      const res = await get(
        '/logs/loki/api/v1/query?query=%7Bapp%3D%22x%22%7D',
      );
      expect(res.status).toBe(500);
      expect(res.text).toMatch(/failed|down/);
      expect(res.text).not.toMatch(LEAKS);
    },
  );

  it("sanitises Alertmanager's error answers", async () => {
    answer = () => ({
      status: 400,
      body: JSON.stringify('bad filter {namespace="team-b"} at 10.0.3.7:9093'),
    });
    const res = await get('/alertmanager/api/v2/silences');
    expect(res.status).toBe(400);
    expect(res.body).toBe('bad filter {…} at ***');
  });
});
