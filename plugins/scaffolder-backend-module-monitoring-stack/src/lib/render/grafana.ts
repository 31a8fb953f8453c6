import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  Tenant,
  TENANT_GRAFANA,
  tenantNamespaceNames,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  TENANT_GRAFANA_ADMIN_USER,
  TENANT_GRAFANA_SECRET_KEYS,
  tenantGrafanaName,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IService } from 'kubernetes-models/v1/Service';
import { tenantDataSources } from '../tenantDataSources';
import { kube, labelsOf, RenderedFile, toYaml } from './files';
import { RenderSettings } from './settings';
import { tenantSecretObjects } from './tenantSecrets';

/** The user and group the grafana/grafana image runs as. */
const GRAFANA_UID = 472;
const DATA_DIR = '/var/lib/grafana';
/** An in-cluster Service address: `<service>.<namespace>.svc[.cluster.local]`. */
const IN_CLUSTER_HOST =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?$/;
/** A DNS-1123 subdomain, as an Ingress rule's host must be. */
const DNS_HOST =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The Secret with a tenant Grafana's credentials (`TENANT_GRAFANA_SECRET_KEYS`). */
export function grafanaSecretName(tenantId: string): string {
  return `${tenantGrafanaName(tenantId)}-credentials`;
}

function grafanaNamespaceOf(tenant: Tenant, settings: RenderSettings) {
  return (
    settings.grafanaNamespace ??
    tenantNamespaceNames(tenant)[0] ??
    settings.platformNamespace
  );
}

/** The host of the tenant's Grafana; its URL is https, since it signs users in. */
function grafanaHost(grafanaUrl: string): string {
  const url = new URL(grafanaUrl);
  if (url.protocol !== 'https:') {
    throw new InputError(
      `grafanaUrl: the Grafana is served over TLS, so its URL must be https, got '${grafanaUrl}'`,
    );
  }
  if (!DNS_HOST.test(url.hostname) || url.pathname !== '/') {
    throw new InputError(
      `grafanaUrl: must be https://<DNS name> without a path, as an Ingress serves it, got '${grafanaUrl}'`,
    );
  }
  return url.hostname;
}

/**
 * Grafana's generic OAuth against the portal's identity provider: one client
 * per tenant Grafana, and only the tenant's owner group (Editor) and the
 * admin group (Admin) may sign in; anyone else is refused, not made a Viewer.
 */
function ssoEnv(
  tenant: Tenant,
  settings: RenderSettings,
  clientId: string,
  secretName: string,
) {
  const { sso } = settings.tenantGrafana;
  if (!sso) {
    throw new InputError(
      "monitoringStack.admin.tenantGrafana.sso: needs the identity provider's authUrl, tokenUrl and apiUrl: the tenant's Grafana signs its users in there",
    );
  }
  const owner = parseEntityRef(tenant.owner).name;
  const admins = parseEntityRef(settings.adminGroup).name;
  const groups = `${sso.groupsAttributePath}[*]`;
  return [
    ['GF_AUTH_GENERIC_OAUTH_ENABLED', 'true'],
    ['GF_AUTH_GENERIC_OAUTH_NAME', 'Backstage SSO'],
    ['GF_AUTH_GENERIC_OAUTH_CLIENT_ID', clientId],
    ['GF_AUTH_GENERIC_OAUTH_SCOPES', sso.scopes],
    ['GF_AUTH_GENERIC_OAUTH_AUTH_URL', sso.authUrl],
    ['GF_AUTH_GENERIC_OAUTH_TOKEN_URL', sso.tokenUrl],
    ['GF_AUTH_GENERIC_OAUTH_API_URL', sso.apiUrl],
    ['GF_AUTH_GENERIC_OAUTH_USE_PKCE', 'true'],
    ['GF_AUTH_GENERIC_OAUTH_ALLOW_SIGN_UP', 'true'],
    ['GF_AUTH_GENERIC_OAUTH_GROUPS_ATTRIBUTE_PATH', sso.groupsAttributePath],
    ['GF_AUTH_GENERIC_OAUTH_ALLOWED_GROUPS', JSON.stringify([owner, admins])],
    [
      'GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH',
      // Entity names hold no quote, so they are safe JMESPath literals.
      `contains(${groups}, '${admins}') && 'Admin' || contains(${groups}, '${owner}') && 'Editor'`,
    ],
    ['GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_STRICT', 'true'],
  ]
    .map(([name, value]): IEnvVar => ({ name, value }))
    .concat({
      name: 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET',
      valueFrom: {
        secretKeyRef: {
          name: secretName,
          key: TENANT_GRAFANA_SECRET_KEYS.oauthClientSecret,
        },
      },
    });
}

/**
 * Where the Grafana may connect: DNS, the gateway (its namespace when the
 * gateway URL is an in-cluster Service; Service ports are translated before
 * the policy applies, so no port is pinned) and the configured CIDRs on 443
 * (the identity provider, a gateway outside the cluster). In: only the
 * ingress controller.
 */
function networkPolicy(
  meta: { name: string; namespace: string; labels: Record<string, string> },
  selector: Record<string, string>,
  settings: RenderSettings,
): INetworkPolicy {
  const { ingressNamespace, egressCidrs, sso } = settings.tenantGrafana;
  const gatewayHost = new URL(settings.gatewayBaseUrl).hostname;
  const inCluster = IN_CLUSTER_HOST.exec(gatewayHost);
  // Grafana's server calls the token and user info endpoints itself.
  const outside = [settings.gatewayBaseUrl, sso?.tokenUrl, sso?.apiUrl].filter(
    (url): url is string =>
      !!url && !IN_CLUSTER_HOST.test(new URL(url).hostname),
  );
  if (outside.length > 0 && egressCidrs.length === 0) {
    throw new InputError(
      `monitoringStack.admin.tenantGrafana.egressCidrs: the Grafana's NetworkPolicy needs the addresses of ${outside.join(
        ', ',
      )}, which are outside the cluster`,
    );
  }
  const namespaceNamed = (name: string) => ({
    namespaceSelector: {
      matchLabels: { 'kubernetes.io/metadata.name': name },
    },
  });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta,
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [namespaceNamed(ingressNamespace)],
          ports: [{ protocol: 'TCP', port: 'http' }],
        },
      ],
      egress: [
        {
          to: [
            {
              ...namespaceNamed('kube-system'),
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
        ...(inCluster ? [{ to: [namespaceNamed(inCluster[2])] }] : []),
        ...(egressCidrs.length
          ? [
              {
                to: egressCidrs.map(cidr => ({ ipBlock: { cidr } })),
                ports: [{ protocol: 'TCP' as const, port: 443 }],
              },
            ]
          : []),
      ],
    },
  };
}

/**
 * The tenant's own Grafana, ready for day two: its data on a volume, admin
 * and OAuth secrets from the tenant's SecretStore (tenantSecrets.ts), sign-in
 * through the portal's identity provider, Pod Security `restricted`,
 * requests and limits, an Ingress with TLS and a NetworkPolicy; its data
 * sources point at the gateway with the tenant's token.
 */
export function grafanaFiles(
  tenant: Tenant,
  settings: RenderSettings,
): RenderedFile[] {
  const name = tenantGrafanaName(tenant.id);
  const namespace = grafanaNamespaceOf(tenant, settings);
  const labels = labelsOf(tenant, 'grafana');
  const meta = { name, namespace, labels };
  const selector = {
    'app.kubernetes.io/name': labels['app.kubernetes.io/name'],
    'app.kubernetes.io/instance': labels['app.kubernetes.io/instance'],
  };
  const host = grafanaHost(settings.grafanaUrl);
  const secretName = grafanaSecretName(tenant.id);
  const fromSecret = (key: string) => ({
    valueFrom: { secretKeyRef: { name: secretName, key } },
  });
  // The token stays in a Secret; Grafana expands $GATEWAY_TOKEN when it reads the file.
  const dataSources = tenantDataSources({
    tenantId: tenant.id,
    gatewayBaseUrl: settings.gatewayBaseUrl,
    gatewayToken: '$GATEWAY_TOKEN',
  }).map(ds => ({ ...ds, orgId: TENANT_GRAFANA.orgId, editable: false }));
  const provisioning: IConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { ...meta, name: `${name}-datasources` },
    data: {
      'datasources.yaml': toYaml({ apiVersion: 1, datasources: dataSources }),
    },
  };
  const secrets = tenantSecretObjects(
    { ...meta, tenantId: tenant.id, secretName },
    settings,
  );
  const { storageClassName, storageSize } = settings.tenantGrafana;
  const volume: IPersistentVolumeClaim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { ...meta, name: `${name}-data` },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(storageClassName ? { storageClassName } : {}),
      resources: { requests: { storage: storageSize } },
    },
  };
  const deployment: IDeployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: {
      replicas: 1,
      // One ReadWriteOnce volume: the old pod lets go of it before the new one starts.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: GRAFANA_UID,
            runAsGroup: GRAFANA_UID,
            fsGroup: GRAFANA_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'grafana',
              image: settings.grafanaImage,
              ports: [{ name: 'http', containerPort: 3000 }],
              env: [
                {
                  name: 'GATEWAY_TOKEN',
                  ...fromSecret(TENANT_GRAFANA_SECRET_KEYS.gatewayToken),
                },
                { name: 'GF_SERVER_ROOT_URL', value: `https://${host}/` },
                {
                  name: 'GF_SECURITY_ADMIN_USER',
                  value: TENANT_GRAFANA_ADMIN_USER,
                },
                {
                  name: 'GF_SECURITY_ADMIN_PASSWORD',
                  ...fromSecret(TENANT_GRAFANA_SECRET_KEYS.adminPassword),
                },
                { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
                // Its egress is closed: no calls home.
                { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
                { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
                ...ssoEnv(tenant, settings, name, secretName),
              ],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                runAsNonRoot: true,
              },
              resources: {
                requests: { cpu: '100m', memory: '256Mi' },
                limits: { cpu: '1', memory: '512Mi' },
              },
              volumeMounts: [
                { name: 'data', mountPath: DATA_DIR },
                {
                  name: 'datasources',
                  mountPath: '/etc/grafana/provisioning/datasources',
                },
              ],
              readinessProbe: {
                httpGet: { path: '/api/health', port: 'http' },
              },
            },
          ],
          volumes: [
            {
              name: 'data',
              persistentVolumeClaim: { claimName: volume.metadata!.name! },
            },
            {
              name: 'datasources',
              configMap: { name: provisioning.metadata!.name },
            },
          ],
        },
      },
    },
  };
  const service: IService = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta,
    spec: {
      selector,
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
  const { ingressClassName, clusterIssuer } = settings.tenantGrafana;
  const ingress: IIngress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      ...meta,
      ...(clusterIssuer
        ? { annotations: { 'cert-manager.io/cluster-issuer': clusterIssuer } }
        : {}),
    },
    spec: {
      ingressClassName,
      tls: [{ hosts: [host], secretName: `${name}-tls` }],
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };
  return [
    kube('grafana/deployment.yaml', deployment),
    kube('grafana/service.yaml', service),
    kube('grafana/datasources.yaml', provisioning),
    kube('grafana/volume.yaml', volume),
    kube('grafana/ingress.yaml', ingress),
    kube('grafana/networkpolicy.yaml', networkPolicy(meta, selector, settings)),
    ...secrets.kubernetes.map(object =>
      kube(`grafana/secrets.${object.kind.toLowerCase()}.yaml`, object),
    ),
    {
      path: 'aws/grafana-secrets.cfn.yaml',
      content: toYaml(secrets.template),
      format: 'cloudformation',
    },
  ];
}
