import { ConfigReader } from '@backstage/config';
import {
  NotConfiguredError,
  readMonitoringStackSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { requireUpstream } from './requireUpstream';

describe('requireUpstream', () => {
  const settings = readMonitoringStackSettings(
    new ConfigReader({
      monitoringStack: { upstreams: { loki: { url: 'http://loki:3100/' } } },
    }),
  );

  it('returns a configured upstream', () => {
    expect(requireUpstream(settings, 'loki')).toMatchObject({
      name: 'Loki',
      url: 'http://loki:3100',
    });
  });

  it('answers 503 not configured, naming the key to set', () => {
    let error: unknown;
    try {
      requireUpstream(settings, 'grafana');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotConfiguredError);
    expect(error).toMatchObject({
      name: 'NotConfiguredError',
      statusCode: 503,
      what: 'Grafana',
      setting: 'monitoringStack.upstreams.grafana.url',
      message:
        'Grafana is not configured: set monitoringStack.upstreams.grafana.url',
    });
  });
});
