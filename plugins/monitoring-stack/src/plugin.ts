import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { JSX } from 'react';
import { MonitoringStackClient, monitoringStackApiRef } from './api';
import type { EntityCloudTrailEventsCardProps } from './components/EntityCloudTrailEventsCard';
import type { TenantAlertsCardProps } from './components/EntityTenantAlertsCard';
import type { EntitySnsDeliveryCardProps } from './components/EntitySnsDeliveryCard';
import type { EntityTenantPluginContentProps } from './components/EntityTenantPluginContent';
import type { MonitoringStackHealthCardProps } from './components/MonitoringStackHealthCard';
import type { MonitoringStackPageProps } from './components/MonitoringStackPage';
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
export const EntityMonitoringStackCard: (props: {
  refreshIntervalMs?: number;
}) => JSX.Element = monitoringStackPlugin.provide(
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
export const EntityTenantAlertsCard: (
  props: TenantAlertsCardProps,
) => JSX.Element = monitoringStackPlugin.provide(
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
export const EntityGroupTenantAlertsCard: (
  props: TenantAlertsCardProps,
) => JSX.Element = monitoringStackPlugin.provide(
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
export const EntitySnsDeliveryCard: (
  props: EntitySnsDeliveryCardProps,
) => JSX.Element = monitoringStackPlugin.provide(
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

/** Latest CloudTrail events (EKS API, the stack's own AWS resources), for the admin stack's System. @public */
export const EntityCloudTrailEventsCard: (
  props: EntityCloudTrailEventsCardProps,
) => JSX.Element = monitoringStackPlugin.provide(
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

/** Golden signals (CPU, memory, restarts, requests, errors) and a PromQL box for the entity's tenant, through the gateway. @public */
export const EntityTenantMetricsCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantMetricsCard',
    component: {
      lazy: () =>
        import('./components/EntityTenantMetricsCard').then(
          m => m.EntityTenantMetricsCard,
        ),
    },
  }),
);

/** Recent log lines, a LogQL box and a live tail for the entity's tenant, through the gateway. @public */
export const EntityTenantLogsCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantLogsCard',
    component: {
      lazy: () =>
        import('./components/EntityTenantLogsCard').then(
          m => m.EntityTenantLogsCard,
        ),
    },
  }),
);

/** The silences of the entity's tenant: list, create, extend, expire. @public */
export const EntityTenantSilencesCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantSilencesCard',
    component: {
      lazy: () =>
        import('./components/EntityTenantSilencesCard').then(
          m => m.EntityTenantSilencesCard,
        ),
    },
  }),
);

/** The access tokens of the entity's tenant: list, create (shown once), rotate, revoke. @public */
export const EntityTenantTokensCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantTokensCard',
    component: {
      lazy: () =>
        import('./components/EntityTenantTokensCard').then(
          m => m.EntityTenantTokensCard,
        ),
    },
  }),
);

/** The Prometheus and Loki rules of the entity's tenant with their state; Loki rule groups editable. @public */
export const EntityTenantRulesCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantRulesCard',
    component: {
      lazy: () =>
        import('./components/EntityTenantRulesCard').then(
          m => m.EntityTenantRulesCard,
        ),
    },
  }),
);

/** The Grafana dashboards of the entity's tenant, by tag or folder. @public */
export const EntityTenantDashboardsCard = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantDashboardsCard',
    component: {
      lazy: () =>
        import('./components/EntityTenantDashboardsCard').then(
          m => m.EntityTenantDashboardsCard,
        ),
    },
  }),
);

/** Health of the shared monitoring stack. @public */
export const MonitoringStackHealthCard: (
  props: MonitoringStackHealthCardProps,
) => JSX.Element = monitoringStackPlugin.provide(
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

/**
 * The monitoring tab of an entity page: the cards of a tenant's System, of the
 * admin stack's System, or the alerts of a Group's tenants. @public
 */
export const EntityMonitoringContent: () => JSX.Element =
  monitoringStackPlugin.provide(
    createComponentExtension({
      name: 'EntityMonitoringContent',
      component: {
        lazy: () =>
          import('./components/EntityMonitoringContent').then(
            m => m.EntityMonitoringContent,
          ),
      },
    }),
  );

/**
 * Another plugin's tab content on a tenant's System (Kubernetes, Grafana,
 * Prometheus), shown to users who may read the tenant once the parts it
 * needs are configured; the calm "not configured" or "may not see" state
 * otherwise. @public
 */
export const EntityTenantPluginContent: (
  props: EntityTenantPluginContentProps,
) => JSX.Element = monitoringStackPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantPluginContent',
    component: {
      lazy: () =>
        import('./components/EntityTenantPluginContent').then(
          m => m.EntityTenantPluginContent,
        ),
    },
  }),
);

/** The portal page: every tenant the user may see, at `/monitoring-stack`. @public */
export const MonitoringStackPage: (
  props: MonitoringStackPageProps,
) => JSX.Element = monitoringStackPlugin.provide(
  createRoutableExtension({
    name: 'MonitoringStackPage',
    component: () =>
      import('./components/MonitoringStackPage').then(
        m => m.MonitoringStackPage,
      ),
    mountPoint: rootRouteRef,
  }),
);
