import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
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

  it('answers 503 naming the key to set', () => {
    expect(() => requireUpstream(settings, 'grafana')).toThrow(
      new ServiceUnavailableError(
        'No grafana upstream: set monitoringStack.upstreams.grafana.url in app-config',
      ),
    );
  });
});
