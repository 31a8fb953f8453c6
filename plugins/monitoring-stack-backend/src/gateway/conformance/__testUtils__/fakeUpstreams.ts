import { gzipSync } from 'node:zlib';
import { http, HttpResponse } from 'msw';
import { ConformanceCase, readTestdata } from './caseLoader';

/** Base URLs of the mocked Thanos/Prometheus and Alertmanager. */
export const PROMETHEUS_URL = 'http://prometheus.conformance.test';
export const ALERTMANAGER_URL = 'http://alertmanager.conformance.test';

/** One request the gateway sent upstream. */
export type UpstreamCall = {
  method: string;
  url: URL;
  /** The form body's parameters (empty for other bodies). */
  form: URLSearchParams;
  body: string;
};

type Answer = (call: UpstreamCall) => Response;

const SILENCE_ID = '802146e0-1f7a-42a6-ab0e-1e631479970b';

/** A GettableSilence as Alertmanager's API v2 documents it. */
export function gettableSilence(
  id: string,
  matchers: Array<{ name: string; value: string }>,
) {
  return {
    id,
    status: { state: 'active' },
    updatedAt: '2020-02-13T12:02:01.000Z',
    comment: 'foo',
    createdBy: 'bar',
    startsAt: '2020-02-13T12:02:01.000Z',
    endsAt: '2020-02-13T13:00:02.084Z',
    matchers: matchers.map(m => ({ ...m, isRegex: false, isEqual: true })),
  };
}

/**
 * The mocked upstreams: each request is recorded and answered by the case's
 * upstream behaviour (the n-th request by the n-th, as the Go tests chain
 * them), or by a documented empty answer of the API.
 */
export class FakeUpstreams {
  readonly calls: UpstreamCall[] = [];
  /** Upstream assertions of the Go tests that our requests failed. */
  readonly failedAssertions: string[] = [];
  private answers: Answer[] = [];

  constructor(private readonly dataDir: string) {}

  /** The msw handlers of both upstreams. */
  handlers() {
    return [PROMETHEUS_URL, ALERTMANAGER_URL].map(base =>
      http.all(`${base}/*`, async ({ request }) => {
        const body = await request.text();
        const form = request.headers
          .get('content-type')
          ?.includes('application/x-www-form-urlencoded')
          ? new URLSearchParams(body)
          : new URLSearchParams();
        const call = {
          method: request.method,
          url: new URL(request.url),
          form,
          body,
        };
        this.calls.push(call);
        const answer =
          this.answers[
            Math.min(this.calls.length - 1, this.answers.length - 1)
          ];
        return answer ? answer(call) : defaultAnswer(call);
      }),
    );
  }

  /** Forgets the previous case and sets up the answers for `c`. */
  reset(c: ConformanceCase, tenantValues: string[]) {
    this.calls.length = 0;
    this.failedAssertions.length = 0;
    const specs =
      c.upstream === undefined || c.upstream === null
        ? []
        : [c.upstream].flat();
    this.answers = specs.map(spec => this.answerFor(spec, c));
    if (
      specs.length === 0 &&
      c.endpoint === '/api/v2/silences' &&
      c.method === 'GET'
    ) {
      // One silence of the tenant and one of somebody else.
      this.answers = [
        call =>
          rejectBadFilter(call) ??
          HttpResponse.json([
            gettableSilence('a0000000-0000-0000-0000-000000000001', [
              { name: 'namespace', value: tenantValues[0] ?? 'x' },
            ]),
            gettableSilence('a0000000-0000-0000-0000-000000000002', [
              { name: 'namespace', value: 'another-tenant' },
            ]),
          ]),
      ];
    }
  }

  private answerFor(spec: string, c: ConformanceCase): Answer {
    const fixture = (name: string) =>
      readTestdata(this.dataDir, `upstream_${name}.json`);
    const json = (text: string) => () =>
      new HttpResponse(text, {
        headers: { 'Content-Type': 'application/json' },
      });
    if (/StatusBadRequest/.test(spec))
      return () => new HttpResponse('error', { status: 400 });
    if (/StatusTeapot/.test(spec))
      return () => new HttpResponse(null, { status: 418 });
    if (/http\.NotFound/.test(spec))
      return () => new HttpResponse('404 page not found\n', { status: 404 });
    const write = spec.match(/w\.Write\(\[\]byte\("(.*)"\)\)/);
    if (write) {
      const body = write[1];
      // Go sniffs these bodies as text/plain.
      return () =>
        new HttpResponse(body, {
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        });
    }
    const gzipped = spec.match(/^gzipHandler\((valid\w+)\(\)\)$/);
    if (gzipped) {
      const gz = gzipSync(fixture(gzipped[1]));
      return () =>
        new HttpResponse(gz, {
          headers: {
            'Content-Type': 'application/json',
            'Content-Encoding': 'gzip',
          },
        });
    }
    const valid = spec.match(
      /^(validRules|validAlerts|validRulesWithLabelMatchers)\(/,
    );
    if (valid) return json(fixture(valid[1]));
    if (spec === 'getSilenceWithoutLabel()') {
      return () =>
        HttpResponse.json(
          gettableSilence(SILENCE_ID, [{ name: 'foo', value: 'bar' }]),
        );
    }
    const existing = spec.match(/^getSilenceWithLabel\("(.*)"\)$/);
    if (existing) {
      const value = existing[1];
      return () =>
        HttpResponse.json(
          gettableSilence(SILENCE_ID, [{ name: 'namespace', value }]),
        );
    }
    const created = spec.match(/^createSilenceWithLabel\("(.*)"\)$/);
    if (created) {
      const value = created[1];
      return call => {
        const silence = JSON.parse(call.body) as {
          matchers?: Array<{ name: string; value: string }>;
        };
        const own = (silence.matchers ?? []).filter(
          x => x.name === 'namespace',
        );
        if (own.length !== 1 || own[0].value !== value) {
          this.failedAssertions.push(
            `the POSTed silence must have exactly one matcher namespace="${value}": ${call.body}`,
          );
        }
        return HttpResponse.json({ silenceID: SILENCE_ID });
      };
    }
    throw new Error(`${c.id}: no fake for the upstream ${spec}`);
  }
}

// Alertmanager's matcher syntax, enough to refuse what it refuses.
const AM_MATCHER =
  /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*$/;

/** Alertmanager's 400 for a `filter` it cannot read. */
function rejectBadFilter(call: UpstreamCall): Response | undefined {
  const bad = call.url.searchParams
    .getAll('filter')
    .find(f => !AM_MATCHER.test(f));
  return bad === undefined
    ? undefined
    : new HttpResponse(`bad matcher format: ${bad}`, { status: 400 });
}

function defaultAnswer(call: UpstreamCall): Response {
  const path = call.url.pathname;
  const rejected = rejectBadFilter(call);
  if (rejected) return rejected;
  if (path.startsWith('/api/v2/')) return HttpResponse.json([]);
  if (path === '/federate')
    return new HttpResponse('', {
      headers: { 'Content-Type': 'text/plain; version=0.0.4' },
    });
  if (path === '/api/v1/labels' || path.endsWith('/values'))
    return HttpResponse.json({ status: 'success', data: [] });
  if (path === '/api/v1/series')
    return HttpResponse.json({ status: 'success', data: [] });
  return HttpResponse.json({
    status: 'success',
    data: { resultType: 'vector', result: [] },
  });
}
