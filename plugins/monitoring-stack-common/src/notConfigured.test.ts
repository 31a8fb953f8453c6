import { ResponseError, serializeError } from '@backstage/errors';
import {
  NotConfiguredError,
  notConfiguredOf,
  tenantGrafanaNotConfigured,
  upstreamNotConfigured,
} from './notConfigured';

/** The error as a client gets it: Backstage's error body, read by ResponseError. */
const answered = (error: Error, status: number) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: serializeError(error),
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );

describe('NotConfiguredError', () => {
  it('says what is not configured and the setting to set', () => {
    const error = new NotConfiguredError(tenantGrafanaNotConfigured('a', true));
    expect(error.statusCode).toBe(503);
    expect(error.message).toBe(
      'Grafana of tenant a is not configured: set monitoringStack.grafanaServiceAccounts (or run grafana:provision for the tenant)',
    );
  });

  it('is recognised thrown, and answered through the error body', async () => {
    const error = new NotConfiguredError(upstreamNotConfigured('loki'));
    const part = {
      what: 'Loki',
      setting: 'monitoringStack.upstreams.loki.url',
    };
    expect(notConfiguredOf(error)).toEqual(part);
    expect(notConfiguredOf(await answered(error, 503))).toEqual(part);
  });

  it('is no other error, whatever its status', async () => {
    expect(notConfiguredOf(new Error('x'))).toBeUndefined();
    expect(notConfiguredOf(undefined)).toBeUndefined();
    const unavailable = Object.assign(new Error('Loki is not configured'), {
      name: 'ServiceUnavailableError',
      setting: 'monitoringStack.upstreams.loki.url',
    });
    expect(notConfiguredOf(await answered(unavailable, 503))).toBeUndefined();
  });
});
