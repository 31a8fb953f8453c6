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
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import MonitoringIcon from '@material-ui/icons/Timeline';
import { MonitoringStackClient, monitoringStackApiRef } from './api';
import { isMonitoringStackAdmin } from './lib/isMonitoringStackAdmin';
import { isMonitoringStackAvailable } from './lib/isMonitoringStackAvailable';
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

const TITLE = 'Monitoring';
const icon = () => <MonitoringIcon fontSize="inherit" />;

// The portal page; its title and icon make the app's nav item for it.
// The page draws its own header.
const page = PageBlueprint.make({
  params: {
    path: '/monitoring-stack',
    title: TITLE,
    icon: icon(),
    noHeader: true,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/MonitoringStackPage').then(m =>
        compatWrapper(<m.MonitoringStackPage />),
      ),
  },
});

// The Monitoring tab shows every card; each is also an entity card of its
// own, off by default so that the Overview does not repeat the tab. Apps
// turn one on with `app.extensions: [entity-card:monitoring-stack/<name>]`.
const tenantCard = (name: string, load: () => Promise<JSX.Element>) =>
  EntityCardBlueprint.make({
    name,
    disabled: true,
    params: { filter: isMonitoringStackTenant, loader: load },
  });

const adminCard = (name: string, load: () => Promise<JSX.Element>) =>
  EntityCardBlueprint.make({
    name,
    disabled: true,
    params: { filter: isMonitoringStackAdmin, loader: load },
  });

const tenantOrAdminCard = (name: string, load: () => Promise<JSX.Element>) =>
  EntityCardBlueprint.make({
    name,
    disabled: true,
    params: {
      filter: entity =>
        isMonitoringStackTenant(entity) || isMonitoringStackAdmin(entity),
      loader: load,
    },
  });

// The Monitoring tab of tenant Systems, the admin System and Groups: the
// same layout as the legacy entity page's tab.
const content = EntityContentBlueprint.make({
  name: 'monitoring',
  params: {
    path: '/monitoring',
    title: TITLE,
    group: 'observability',
    icon: icon(),
    filter: isMonitoringStackAvailable,
    loader: () =>
      import('./components/EntityMonitoringContent').then(m =>
        compatWrapper(<m.EntityMonitoringContent />),
      ),
  },
});

/** The monitoring-stack plugin for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'monitoring-stack',
  title: TITLE,
  icon: icon(),
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [
    api,
    page,
    content,
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
    tenantCard('tokens', () =>
      import('./components/EntityTenantTokensCard').then(m =>
        compatWrapper(<m.EntityTenantTokensCard />),
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
    EntityCardBlueprint.make({
      name: 'group-alerts',
      disabled: true,
      params: {
        filter: { kind: 'group' },
        loader: () =>
          import('./components/EntityGroupTenantAlertsCard').then(m =>
            compatWrapper(<m.EntityGroupTenantAlertsCard />),
          ),
      },
    }),
  ],
});
