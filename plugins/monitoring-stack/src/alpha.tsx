/**
 * The same cards and page for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { MonitoringStackClient, monitoringStackApiRef } from './api';
import { isMonitoringStackAdmin } from './lib/isMonitoringStackAdmin';
import { isMonitoringStackTenant } from './lib/isMonitoringStackTenant';
import { rootRouteRef } from './routes';

const api = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: monitoringStackApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MonitoringStackClient(deps),
    }),
});

const page = PageBlueprint.make({
  params: {
    path: '/monitoring-stack',
    title: 'Monitoring',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/MonitoringStackPage').then(m =>
        compatWrapper(<m.MonitoringStackPage />),
      ),
  },
});

const tenantCard = (name: string, load: () => Promise<JSX.Element>) =>
  EntityCardBlueprint.make({
    name,
    params: { filter: isMonitoringStackTenant, loader: load },
  });

const adminCard = (name: string, load: () => Promise<JSX.Element>) =>
  EntityCardBlueprint.make({
    name,
    params: { filter: isMonitoringStackAdmin, loader: load },
  });

const tenantOrAdminCard = (name: string, load: () => Promise<JSX.Element>) =>
  EntityCardBlueprint.make({
    name,
    params: {
      filter: entity =>
        isMonitoringStackTenant(entity) || isMonitoringStackAdmin(entity),
      loader: load,
    },
  });

/** The monitoring-stack plugin for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'monitoring-stack',
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [
    api,
    page,
    tenantCard('stack', () =>
      import('./components/EntityMonitoringStackCard').then(m =>
        compatWrapper(<m.EntityMonitoringStackCard />),
      ),
    ),
    tenantCard('alerts', () =>
      import('./components/EntityTenantAlertsCard').then(m =>
        compatWrapper(<m.EntityTenantAlertsCard />),
      ),
    ),
    tenantCard('sns-delivery', () =>
      import('./components/EntitySnsDeliveryCard').then(m =>
        compatWrapper(<m.EntitySnsDeliveryCard />),
      ),
    ),
    tenantOrAdminCard('metrics', () =>
      import('./components/EntityTenantMetricsCard').then(m =>
        compatWrapper(<m.EntityTenantMetricsCard />),
      ),
    ),
    tenantOrAdminCard('logs', () =>
      import('./components/EntityTenantLogsCard').then(m =>
        compatWrapper(<m.EntityTenantLogsCard />),
      ),
    ),
    tenantOrAdminCard('silences', () =>
      import('./components/EntityTenantSilencesCard').then(m =>
        compatWrapper(<m.EntityTenantSilencesCard />),
      ),
    ),
    tenantOrAdminCard('rules', () =>
      import('./components/EntityTenantRulesCard').then(m =>
        compatWrapper(<m.EntityTenantRulesCard />),
      ),
    ),
    tenantOrAdminCard('dashboards', () =>
      import('./components/EntityTenantDashboardsCard').then(m =>
        compatWrapper(<m.EntityTenantDashboardsCard />),
      ),
    ),
    adminCard('cloudtrail', () =>
      import('./components/EntityCloudTrailEventsCard').then(m =>
        compatWrapper(<m.EntityCloudTrailEventsCard />),
      ),
    ),
    adminCard('stack-health', () =>
      import('./components/MonitoringStackHealthCard').then(m =>
        compatWrapper(<m.MonitoringStackHealthCard />),
      ),
    ),
  ],
});
