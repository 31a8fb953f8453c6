/**
 * One measurement of the catalog provider, run in a fresh process by
 * bench/run.mjs so peak memory belongs to this measurement alone.
 *
 *   mode "provider": parse N config tenants, build their entities with the
 *   admin stack and apply them through a connection that serialises every
 *   entity, as the catalog does when it stores them. Also reports the time
 *   and peak memory at the end of the config parse (readProviderConfig).
 *   mode "refresh": the same run with the tenants already read (made in the
 *   shape readProviderConfig gives them before the measurement starts), as
 *   at a backend's scheduled refresh: the provider's own cost.
 *   mode "baseline": build N plain entity objects and serialise them the same
 *   way: the cost floor any provider pays.
 *   mode "delta": a first (full) run over N config tenants, then one tenant
 *   changes and a second run applies what changed; measures the second run
 *   and counts the entities its mutation passes to the catalog.
 */
import { ConfigReader } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { DEFAULT_RETENTION } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  MonitoringStackEntityProvider,
  ProviderConfig,
  readProviderConfig,
} from '../plugins/catalog-backend-module-monitoring-stack/src';

const [mode, countArg] = process.argv.slice(2);
const count = Number(countArg);

function tenantsConfig(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `tenant-${i}`,
    title: `Tenant ${i}`,
    owner: `group:default/team-${i}`,
    namespaces: { 'eks-shared': [`tenant-${i}`, `tenant-${i}-jobs`] },
    grafanaUrl: `https://grafana.tenant-${i}.example.com`,
    snsTopicArns: [`arn:aws:sns:eu-west-1:123456789012:tenant-${i}-alerts`],
  }));
}

/** What readProviderConfig reads from the config of N tenants, its defaults filled in. */
function alreadyRead(n: number): ProviderConfig {
  const config = readProviderConfig(
    new ConfigReader({
      catalog: { providers: { monitoringStack: { kubernetes: false } } },
    }),
  );
  const tenants = tenantsConfig(n).map(t => ({
    ...t,
    seriesLabel: 'namespace' as const,
    notificationTargets: [],
    retention: { ...DEFAULT_RETENTION },
  }));
  return { ...config, tenants };
}

/** Peak memory of the process since `rssBefore` (bytes), in MB. */
const peakMbSince = (rssBefore: number) =>
  (process.resourceUsage().maxRSS * 1024 - rssBefore) / 1024 / 1024;

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

async function main() {
  const read = mode === 'refresh' ? alreadyRead(count) : undefined;
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  let serialisedBytes = 0;
  let entities = 0;
  let parse: { ms: number; peakMb: number } | undefined;
  if (mode === 'baseline') {
    for (let i = 0; i < count; i++) {
      const entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: {
          name: `tenant-${i}`,
          annotations: { 'monitoring-stack.io/tenant-id': `tenant-${i}` },
        },
        spec: { owner: `group:default/team-${i}` },
      };
      serialisedBytes += JSON.stringify(entity).length;
      entities++;
    }
  } else {
    let providerConfig = read;
    if (!providerConfig) {
      const config = new ConfigReader({
        monitoringStack: { tenants: tenantsConfig(count) },
        catalog: { providers: { monitoringStack: { kubernetes: false } } },
      });
      providerConfig = readProviderConfig(config);
      parse = {
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        peakMb: peakMbSince(rssBefore),
      };
    }
    const provider = new MonitoringStackEntityProvider(
      providerConfig,
      silentLogger,
      // Kubernetes is off here, so no cluster asks for a token.
      async () => undefined,
    );
    let mutationType = '';
    await provider.connect({
      applyMutation: async mutation => {
        mutationType = mutation.type;
        const list =
          mutation.type === 'full' ? mutation.entities : mutation.added;
        for (const deferred of list) {
          serialisedBytes += JSON.stringify(deferred.entity).length;
        }
        entities =
          list.length +
          (mutation.type === 'delta' ? mutation.removed.length : 0);
      },
      refresh: async () => {},
    });
    await provider.refresh();
    if (mode === 'delta') {
      const first = {
        entities,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      };
      const k = Math.floor(count / 2);
      providerConfig.tenants[k] = {
        ...providerConfig.tenants[k],
        title: `${providerConfig.tenants[k].title} (renamed)`,
      };
      serialisedBytes = 0;
      const second = process.hrtime.bigint();
      const result = await provider.refresh();
      const ms = Number(process.hrtime.bigint() - second) / 1e6;
      process.stdout.write(
        JSON.stringify({
          mode,
          count,
          firstEntities: first.entities,
          firstMs: first.ms,
          ms,
          mutation: mutationType,
          entities,
          totalEntities: result.entities,
          serialisedBytes,
        }),
      );
      return;
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    JSON.stringify({
      mode,
      count,
      ms,
      peakMb: peakMbSince(rssBefore),
      entities,
      serialisedBytes,
      parse,
    }),
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
