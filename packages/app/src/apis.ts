import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
  ScmAuth,
} from '@backstage/integration-react';
import {
  AnyApiFactory,
  configApiRef,
  createApiFactory,
  discoveryApiRef,
  errorApiRef,
  fetchApiRef,
  identityApiRef,
  storageApiRef,
} from '@backstage/core-plugin-api';
import { UserSettingsStorage } from '@backstage/plugin-user-settings';
import { grafanaApiRef } from '@backstage-community/plugin-grafana';
import {
  monitoringStackApiRef,
  TenantGrafanaApi,
} from '@tenant-monitoring/plugin-monitoring-stack';
import { oidcAuthApiFactory } from './oidcAuthApi';

export const apis: AnyApiFactory[] = [
  createApiFactory({
    api: scmIntegrationsApiRef,
    deps: { configApi: configApiRef },
    factory: ({ configApi }) => ScmIntegrationsApi.fromConfig(configApi),
  }),
  createApiFactory({
    api: storageApiRef,
    deps: {
      discoveryApi: discoveryApiRef,
      errorApi: errorApiRef,
      fetchApi: fetchApiRef,
      identityApi: identityApiRef,
    },
    factory: deps => UserSettingsStorage.create(deps),
  }),
  // The community Grafana plugin reads each tenant's own Grafana through the gateway, with no per-tenant config.
  createApiFactory({
    api: grafanaApiRef,
    deps: {
      discoveryApi: discoveryApiRef,
      fetchApi: fetchApiRef,
      monitoringStackApi: monitoringStackApiRef,
    },
    factory: deps => new TenantGrafanaApi(deps),
  }),
  ScmAuth.createDefaultApiFactory(),
  oidcAuthApiFactory,
];
