import { Entity } from '@backstage/catalog-model';
import { configApiRef, identityApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
  TestAppOptions,
} from '@backstage/test-utils';
import {
  DEFAULT_RETENTION,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ReactNode } from 'react';
import { MonitoringStackApi, monitoringStackApiRef } from '../api';

/** A namespace tenant's System entity, as the catalog module writes it. */
export const tenantEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'team-a',
    title: 'Team A',
    annotations: {
      'backstage.io/managed-by-location': 'monitoring-stack-provider:catalog',
      'backstage.io/managed-by-origin-location':
        'monitoring-stack-provider:catalog',
      'monitoring-stack.io/source': 'config',
      'monitoring-stack.io/tenant-id': 'team-a',
      'monitoring-stack.io/namespaces': 'eks/team-a,eks/team-a-jobs',
      'monitoring-stack.io/grafana-url': 'https://grafana.example.com/team-a/',
    },
  },
  spec: { owner: 'group:default/team-a' },
};

/** The tenant of {@link tenantEntity}, as `tenantRefFromEntity` reads it. */
export const namespaceTenant: TenantRef = {
  id: 'team-a',
  title: 'Team A',
  entityRef: 'system:default/team-a',
  owner: 'group:default/team-a',
  namespaces: ['team-a', 'team-a-jobs'],
  namespacesByCluster: { eks: ['team-a', 'team-a-jobs'] },
  seriesLabel: 'namespace',
  grafanaUrl: 'https://grafana.example.com/team-a/',
  snsTopicArns: [],
  retention: DEFAULT_RETENTION,
};

/** A `tenant_id` tenant (no namespaces) with the id `id`. */
export const tenantIdTenant = (id: string): TenantRef => ({
  ...namespaceTenant,
  id,
  namespaces: [],
  namespacesByCluster: {},
  seriesLabel: 'tenant_id',
});

/** The admin stack's System entity (tenant `*`). */
export const adminEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'monitoring-admin',
    annotations: {
      'backstage.io/managed-by-location': 'monitoring-stack-provider:catalog',
      'backstage.io/managed-by-origin-location':
        'monitoring-stack-provider:catalog',
      'monitoring-stack.io/source': 'config',
      'monitoring-stack.io/tenant-id': '*',
    },
  },
  spec: { owner: 'group:default/platform' },
};

/** An entity without monitoring-stack annotations. */
export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'plain' },
  spec: { owner: 'group:default/team-a' },
};

/** A client whose methods are all jest mocks that never settle. */
export function mockMonitoringStackApi(): jest.Mocked<MonitoringStackApi> {
  // Typed per method by the cast below; a settled value is set per test.
  const pending = () => jest.fn(() => new Promise<never>(() => {}));
  return {
    getTenants: pending(),
    getOverview: pending(),
    getAlerts: pending(),
    getSnsDelivery: pending(),
    getTenantSetup: pending(),
    getTenantHealth: pending(),
    getStackHealth: pending(),
    getCloudTrailEvents: pending(),
    createSilence: pending(),
    queryMetrics: pending(),
    getSilences: pending(),
    expireSilence: pending(),
    getPrometheusRules: pending(),
    getLokiRules: pending(),
    putLokiRuleGroup: pending(),
    deleteLokiRuleGroup: pending(),
    queryLogs: pending(),
    tailLogs: pending(),
    getDashboards: pending(),
    getTenantTokens: pending(),
    createTenantToken: pending(),
    rotateTenantToken: pending(),
    revokeTenantToken: pending(),
  } as unknown as jest.Mocked<MonitoringStackApi>;
}

/** The error the client throws for a non-2xx answer of the backend; `fields` go into its error body. */
export async function responseError(
  status: number,
  name: string,
  message: string,
  fields: Record<string, string> = {},
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { ...fields, name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: name,
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

/** Renders `node` in a test app with the mocked client and the entity. */
export function renderWithEntity(
  node: ReactNode,
  api: MonitoringStackApi,
  entity?: Entity,
  options?: TestAppOptions,
  permission: 'ALLOW' | 'DENY' = 'ALLOW',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [monitoringStackApiRef, api],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/alice' }),
        ],
        [
          permissionApiRef,
          mockApis.permission({
            authorize:
              permission === 'ALLOW'
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          }),
        ],
        [
          configApiRef,
          mockApis.config({
            data: {
              monitoringStack: {
                links: { kiali: 'https://kiali.example.com' },
              },
            },
          }),
        ],
      ]}
    >
      {entity ? <EntityProvider entity={entity}>{node}</EntityProvider> : node}
    </TestApiProvider>,
    options,
  );
}

/** The backend's answer when Loki is not configured (a NotConfiguredError). */
export const lokiNotConfigured = () =>
  responseError(
    503,
    'NotConfiguredError',
    'Loki is not configured: set monitoringStack.upstreams.loki.url',
    { what: 'Loki', setting: 'monitoringStack.upstreams.loki.url' },
  );
