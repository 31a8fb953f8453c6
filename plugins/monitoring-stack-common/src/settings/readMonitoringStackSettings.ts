import { Config } from '@backstage/config';
import { isAwsAccountId, isAwsRegion } from '../scoping/awsNames';
import { normalizeGroupRef } from '../scoping/groupRef';
import { isTopicArn, topicArn, TOPIC_ARN_FORMAT } from '../scoping/topicArn';
import { grafanaUrlPatternProblem } from '../scoping/tenantGrafanaUrl';
import { withoutTrailingSlash } from '../scoping/urls';
import { tenantIdProblem } from '../tenantId';

/** The shared services the plugins call. @public */
export type UpstreamKey =
  | 'prometheus'
  | 'thanosQuery'
  | 'alertmanager'
  | 'loki'
  | 'grafana'
  | 'kiali'
  | 'jaeger';

/** How to reach one shared service, `monitoringStack.upstreams.<key>`. @public */
export type UpstreamSettings = {
  key: UpstreamKey;
  /** Its name in messages, e.g. `Thanos Query`. */
  name: string;
  /** Base URL without a trailing slash. */
  url: string;
  timeoutMs: number;
};

/**
 * The shared, cluster-wide part of the stack (`monitoringStack.admin`). Names
 * default to what the seed stack's Terraform creates for the cluster; topic
 * ARNs are derived only when the region and the account are known.
 * @public
 */
export type AdminStackSettings = {
  cluster: string;
  region?: string;
  accountId?: string;
  metricsBucket: string;
  logsBucket: string;
  cloudTrailBucket: string;
  trailName: string;
  alertsTopicArn?: string;
  cloudTrailTopicArn?: string;
  notifierFunctionName: string;
  /** The gateway as the tenants' Grafanas reach it (`admin.gatewayUrl`). */
  gatewayUrl?: string;
  /** The cluster's OIDC issuer, without `https://` (`admin.oidcIssuer`). */
  oidcIssuer?: string;
  /** The SQS queue the portal reads SNS deliveries from (`admin.portalQueueArn`). */
  portalQueueArn?: string;
  tenantGrafana: TenantGrafanaSettings;
};

/**
 * How `tenant:render` runs each tenant's Grafana (`admin.tenantGrafana`):
 * sign-in through the portal's identity provider, its Ingress, its volume
 * and where its NetworkPolicy lets it connect outside the cluster.
 * @public
 */
export type TenantGrafanaSettings = {
  /** Grafana's generic OAuth against the identity provider; render needs it. */
  sso?: {
    authUrl: string;
    tokenUrl: string;
    apiUrl: string;
    scopes: string;
    /** JMESPath to the user's group names in the ID token or user info. */
    groupsAttributePath: string;
  };
  ingressClassName: string;
  /** Namespace of the ingress controller, the only one let in. */
  ingressNamespace: string;
  /** cert-manager ClusterIssuer of the Ingress' certificate. */
  clusterIssuer?: string;
  storageClassName?: string;
  storageSize: string;
  /** CIDRs the Grafana may reach on 443: the identity provider, a public gateway. */
  egressCidrs: string[];
};

/** Browser-facing base URLs of the shared UIs (`monitoringStack.links`). @public */
export type StackLinks = Partial<
  Record<'grafana' | 'kiali' | 'jaeger' | 'alertmanager', string>
>;

/** Every shared `monitoringStack` setting, validated, with its defaults. @public */
export type MonitoringStackSettings = {
  /** The group whose members see every tenant, as `group:<namespace>/<name>`. */
  adminGroup: string;
  admin: AdminStackSettings;
  upstreams: Partial<Record<UpstreamKey, UpstreamSettings>>;
  links: StackLinks;
  /**
   * Service account tokens of the tenants' own Grafanas, by tenant id
   * (`monitoringStack.grafanaServiceAccounts`); never sent to browsers.
   * A tenant without one uses the token `grafana:provision` stored.
   */
  tenantGrafanaTokens: Map<string, string>;
  /**
   * The Grafana URL of tenants read from Kubernetes namespaces, with
   * `{tenant}` for the tenant id (`monitoringStack.tenantGrafanaUrl`).
   */
  tenantGrafanaUrlPattern?: string;
};

/** Names of the upstreams in messages. @public */
export const UPSTREAM_NAMES: Record<UpstreamKey, string> = {
  prometheus: 'Prometheus',
  thanosQuery: 'Thanos Query',
  alertmanager: 'Alertmanager',
  loki: 'Loki',
  grafana: 'Grafana',
  kiali: 'Kiali',
  jaeger: 'Jaeger',
};

/** The admin group when `monitoringStack.adminGroup` is not set. @public */
export const DEFAULT_ADMIN_GROUP = 'group:default/platform-admins';
const DEFAULT_CLUSTER = 'eks-shared';
const DEFAULT_TIMEOUT_MS = 30_000;

/** An issuer as IAM names its OIDC provider: host and path, no scheme. */
const OIDC_ISSUER = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(\/[A-Za-z0-9._-]+)*$/;

function httpUrl(key: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new Error(`${key}: must be an http or https URL, got '${value}'`);
  }
  return withoutTrailingSlash(value);
}

function matching(
  key: string,
  value: string | undefined,
  valid: (value: string) => boolean,
  what: string,
): string | undefined {
  if (value !== undefined && !valid(value)) {
    throw new Error(`${key}: must be ${what}, got '${value}'`);
  }
  return value;
}

function readUpstreams(config: Config): MonitoringStackSettings['upstreams'] {
  const upstreams: MonitoringStackSettings['upstreams'] = {};
  for (const key of Object.keys(UPSTREAM_NAMES) as UpstreamKey[]) {
    const prefix = `monitoringStack.upstreams.${key}`;
    const c = config.getOptionalConfig(prefix);
    if (!c) continue;
    const timeoutMs = c.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
    if (!(timeoutMs > 0)) {
      throw new Error(`${prefix}.timeoutMs: must be a positive number`);
    }
    upstreams[key] = {
      key,
      name: UPSTREAM_NAMES[key],
      url: httpUrl(`${prefix}.url`, c.getString('url')),
      timeoutMs,
    };
  }
  return upstreams;
}

/** `admin.tenantGrafana` when nothing is set. @public */
export const DEFAULT_TENANT_GRAFANA = {
  ingressClassName: 'nginx',
  ingressNamespace: 'ingress-nginx',
  storageSize: '10Gi',
  egressCidrs: [],
} satisfies TenantGrafanaSettings;

const SQS_QUEUE_ARN =
  /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

/** IPv4 or IPv6 CIDR, as a NetworkPolicy's `ipBlock.cidr` takes it. */
const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/;
const QUANTITY = /^[0-9]+(Mi|Gi|Ti)$/;

function readTenantGrafana(admin: Config | undefined): TenantGrafanaSettings {
  const prefix = 'monitoringStack.admin.tenantGrafana';
  const c = admin?.getOptionalConfig('tenantGrafana');
  const sso = c?.getOptionalConfig('sso');
  const url = (name: string) =>
    httpUrl(`${prefix}.sso.${name}`, sso!.getString(name));
  return {
    sso: sso && {
      authUrl: url('authUrl'),
      tokenUrl: url('tokenUrl'),
      apiUrl: url('apiUrl'),
      scopes: sso.getOptionalString('scopes') ?? 'openid email profile groups',
      groupsAttributePath:
        sso.getOptionalString('groupsAttributePath') ?? 'groups',
    },
    ingressClassName:
      c?.getOptionalString('ingressClassName') ??
      DEFAULT_TENANT_GRAFANA.ingressClassName,
    ingressNamespace:
      c?.getOptionalString('ingressNamespace') ??
      DEFAULT_TENANT_GRAFANA.ingressNamespace,
    clusterIssuer: c?.getOptionalString('clusterIssuer'),
    storageClassName: c?.getOptionalString('storageClassName'),
    storageSize:
      matching(
        `${prefix}.storageSize`,
        c?.getOptionalString('storageSize'),
        v => QUANTITY.test(v),
        'a size like 10Gi',
      ) ?? DEFAULT_TENANT_GRAFANA.storageSize,
    egressCidrs: (c?.getOptionalStringArray('egressCidrs') ?? []).map(
      (cidr, i) =>
        matching(
          `${prefix}.egressCidrs[${i}]`,
          cidr,
          v => CIDR.test(v),
          'a CIDR like 10.0.0.0/16',
        )!,
    ),
  };
}

function readAdmin(config: Config): AdminStackSettings {
  const admin = config.getOptionalConfig('monitoringStack.admin');
  const key = (name: string) => `monitoringStack.admin.${name}`;
  const cluster = admin?.getOptionalString('cluster') ?? DEFAULT_CLUSTER;
  const gatewayUrl = admin?.getOptionalString('gatewayUrl');
  const region = matching(
    key('region'),
    admin?.getOptionalString('region'),
    isAwsRegion,
    'an AWS region like eu-west-1',
  );
  const accountId = matching(
    key('accountId'),
    admin?.getOptionalString('accountId'),
    isAwsAccountId,
    'a 12-digit AWS account id',
  );
  const topic = (name: string, derived: string) => {
    const arn = admin?.getOptionalString(name);
    if (arn !== undefined) {
      return matching(
        key(name),
        arn,
        isTopicArn,
        `an SNS topic ARN (${TOPIC_ARN_FORMAT})`,
      );
    }
    return region && accountId
      ? topicArn(region, accountId, derived)
      : undefined;
  };
  return {
    cluster,
    region,
    accountId,
    metricsBucket:
      admin?.getOptionalString('metricsBucket') ?? `${cluster}-thanos-metrics`,
    logsBucket:
      admin?.getOptionalString('logsBucket') ?? `${cluster}-loki-logs`,
    cloudTrailBucket:
      admin?.getOptionalString('cloudTrailBucket') ?? `${cluster}-cloudtrail`,
    trailName: admin?.getOptionalString('trailName') ?? `${cluster}-eks-audit`,
    alertsTopicArn: topic('alertsTopicArn', `${cluster}-monitoring-alerts`),
    cloudTrailTopicArn: topic(
      'cloudTrailTopicArn',
      `${cluster}-cloudtrail-events`,
    ),
    notifierFunctionName:
      admin?.getOptionalString('notifierFunctionName') ??
      `${cluster}-sns-notifier`,
    gatewayUrl: gatewayUrl && httpUrl(key('gatewayUrl'), gatewayUrl),
    oidcIssuer: matching(
      key('oidcIssuer'),
      admin?.getOptionalString('oidcIssuer'),
      v => OIDC_ISSUER.test(v),
      'an OIDC issuer without https://, like oidc.eks.<region>.amazonaws.com/id/<id>',
    ),
    portalQueueArn: matching(
      key('portalQueueArn'),
      admin?.getOptionalString('portalQueueArn'),
      v => SQS_QUEUE_ARN.test(v),
      'an SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>)',
    ),
    tenantGrafana: readTenantGrafana(admin),
  };
}

function readLinks(
  config: Config,
  upstreams: MonitoringStackSettings['upstreams'],
): StackLinks {
  const links: StackLinks = {};
  for (const name of ['grafana', 'kiali', 'jaeger', 'alertmanager'] as const) {
    const key = `monitoringStack.links.${name}`;
    const raw = config.getOptionalString(key);
    const url = raw === undefined ? upstreams[name]?.url : httpUrl(key, raw);
    if (url !== undefined) links[name] = url;
  }
  return links;
}

function readTenantGrafanaTokens(config: Config): Map<string, string> {
  const tokens = new Map<string, string>();
  const listed = new Set<string>();
  (
    config.getOptionalConfigArray('monitoringStack.grafanaServiceAccounts') ??
    []
  ).forEach((entry, i) => {
    const key = `monitoringStack.grafanaServiceAccounts[${i}]`;
    const tenant = entry.getString('tenant');
    const problem = tenantIdProblem(tenant);
    if (problem) throw new Error(`${key}.tenant: ${problem}`);
    if (tokens.has(tenant) || listed.has(tenant)) {
      throw new Error(`${key}.tenant: '${tenant}' is listed twice`);
    }
    listed.add(tenant);
    // Unset (so is its environment variable): the token grafana:provision
    // stored in AWS Secrets Manager is used.
    const token = entry.getOptionalString('token');
    if (token) tokens.set(tenant, token);
  });
  return tokens;
}

function readTenantGrafanaUrlPattern(config: Config): string | undefined {
  const key = 'monitoringStack.tenantGrafanaUrl';
  const pattern = config.getOptionalString(key);
  const problem =
    pattern === undefined ? undefined : grafanaUrlPatternProblem(pattern);
  if (problem) throw new Error(`${key}: ${problem}`);
  return pattern;
}

/**
 * Reads the shared `monitoringStack` settings: `adminGroup`, `admin`,
 * `upstreams`, `links`, `grafanaServiceAccounts` and `tenantGrafanaUrl`. Every plugin reads them here, so they share one
 * set of defaults; a bad value throws an error naming its key, so the
 * backend does not start with it. In the browser only what `config.d.ts`
 * marks `@visibility frontend` is there (the links).
 * @public
 */
export function readMonitoringStackSettings(
  config: Config,
): MonitoringStackSettings {
  const rawGroup =
    config.getOptionalString('monitoringStack.adminGroup') ??
    DEFAULT_ADMIN_GROUP;
  let adminGroup: string;
  try {
    adminGroup = normalizeGroupRef(rawGroup);
  } catch (e) {
    throw new Error(`monitoringStack.adminGroup: ${(e as Error).message}`);
  }
  const upstreams = readUpstreams(config);
  return {
    adminGroup,
    admin: readAdmin(config),
    upstreams,
    links: readLinks(config, upstreams),
    tenantGrafanaTokens: readTenantGrafanaTokens(config),
    tenantGrafanaUrlPattern: readTenantGrafanaUrlPattern(config),
  };
}
