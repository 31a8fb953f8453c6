import { DEFAULT_RETENTION } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { StackSettings } from '../lib/render/stack/settings';
import {
  DEFAULT_RENDER_SETTINGS,
  RenderSettings,
} from '../lib/render/settings';

const OIDC_ISSUER =
  'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** The identity provider the tests' Grafanas sign in with. */
const SSO = {
  authUrl: 'https://login.example.com/oauth2/v1/authorize',
  tokenUrl: 'https://login.example.com/oauth2/v1/token',
  apiUrl: 'https://login.example.com/oauth2/v1/userinfo',
};

/** `monitoringStack.admin` as the action tests configure it. @public */
export const TEST_ADMIN_CONFIG = {
  region: 'eu-west-1',
  accountId: '123456789012',
  oidcIssuer: OIDC_ISSUER,
  // The tests' gateways are public addresses, outside the cluster.
  tenantGrafana: { sso: SSO, egressCidrs: ['203.0.113.0/24'] },
};

/** `monitoringStack.tenantGrafanaUrl` of the action tests. @public */
export const TEST_GRAFANA_URL_PATTERN = 'https://grafana.{tenant}.example.com';

/** What the action derives from TEST_ADMIN_CONFIG, for the renderer's tests. @public */
export const TEST_RENDER_SETTINGS: RenderSettings = {
  ...DEFAULT_RENDER_SETTINGS,
  oidcIssuer: OIDC_ISSUER,
  gatewayBaseUrl: 'https://backstage.example.com',
  awsRegion: 'eu-west-1',
  awsAccountId: '123456789012',
  grafanaUrl: 'https://grafana.team-a.example.com',
  tenantGrafana: {
    ...DEFAULT_RENDER_SETTINGS.tenantGrafana,
    sso: {
      ...SSO,
      scopes: 'openid email profile groups',
      groupsAttributePath: 'groups',
    },
    egressCidrs: TEST_ADMIN_CONFIG.tenantGrafana.egressCidrs,
  },
};

/** The shared stack's settings the action derives from TEST_ADMIN_CONFIG. @public */
export const TEST_STACK_SETTINGS: StackSettings = {
  ...TEST_RENDER_SETTINGS,
  cloudTrailBucket: 'eks-shared-cloudtrail',
  trailName: 'eks-shared-eks-audit',
  alertsTopicArn:
    'arn:aws:sns:eu-west-1:123456789012:eks-shared-monitoring-alerts',
  cloudTrailTopicArn:
    'arn:aws:sns:eu-west-1:123456789012:eks-shared-cloudtrail-events',
  retention: DEFAULT_RETENTION,
};
