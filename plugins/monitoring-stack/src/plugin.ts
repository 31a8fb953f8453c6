import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MonitoringStackClient, monitoringStackApiRef } from './api';

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
});

/** Links and facts of a tenant's monitoring stack, for its entities. @public */
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
