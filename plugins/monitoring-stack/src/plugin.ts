import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MonitoringStackClient, monitoringStackApiRef } from './api';
import { rootRouteRef } from './routes';

/** The monitoring-stack frontend plugin. @public */
export const monitoringStackPlugin = createPlugin({
  id: 'monitoring-stack',
  apis: [
    createApiFactory({
      api: monitoringStackApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MonitoringStackClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** Links, facts and component health of a tenant's monitoring stack, for its entities. @public */
export const EntityMonitoringStackCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityMonitoringStackCard',
    component: {
      lazy: () =>
        import('./components/EntityMonitoringStackCard').then(
          m => m.EntityMonitoringStackCard,
        ),
    },
  }),
);

/** Alerts of the entity's tenant, with a severity filter and silences. @public */
export const EntityTenantAlertsCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantAlertsCard',
    component: {
      lazy: () =>
        import('./components/EntityTenantAlertsCard').then(
          m => m.EntityTenantAlertsCard,
        ),
    },
  }),
);

/** Alerts of every tenant a Group owns, for Group entity pages. @public */
export const EntityGroupTenantAlertsCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupTenantAlertsCard',
    component: {
      lazy: () =>
        import('./components/EntityGroupTenantAlertsCard').then(
          m => m.EntityGroupTenantAlertsCard,
        ),
    },
  }),
);

/** SNS delivery status of the entity's tenant. @public */
export const EntitySnsDeliveryCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntitySnsDeliveryCard',
    component: {
      lazy: () =>
        import('./components/EntitySnsDeliveryCard').then(
          m => m.EntitySnsDeliveryCard,
        ),
    },
  }),
);

/** Latest EKS API events from CloudTrail, for the admin stack's System. @public */
export const EntityCloudTrailEventsCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityCloudTrailEventsCard',
    component: {
      lazy: () =>
        import('./components/EntityCloudTrailEventsCard').then(
          m => m.EntityCloudTrailEventsCard,
        ),
    },
  }),
);

/** Health of the shared monitoring stack. @public */
export const MonitoringStackHealthCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'MonitoringStackHealthCard',
    component: {
      lazy: () =>
        import('./components/MonitoringStackHealthCard').then(
          m => m.MonitoringStackHealthCard,
        ),
    },
  }),
);

/** The portal page: every tenant the user may see, at `/monitoring-stack`. @public */
export const MonitoringStackPage = monitoringStackPlugin.provide(
  createRoutableExtension({
    name: 'MonitoringStackPage',
    component: () =>
      import('./components/MonitoringStackPage').then(
        m => m.MonitoringStackPage,
      ),
    mountPoint: rootRouteRef,
  }),
);
