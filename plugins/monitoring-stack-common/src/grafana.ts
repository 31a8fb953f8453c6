/**
 * The Grafana model: every tenant has its own Grafana (rendered by
 * `tenant:render`), whose data sources are provisioned from files with these
 * uids in its default organisation. Links into a tenant's Grafana (Explore)
 * and the actions that provision it rely on them.
 * @public
 */
export const TENANT_GRAFANA = {
  orgId: 1,
  datasourceUids: {
    metrics: 'monitoring-stack-thanos',
    logs: 'monitoring-stack-loki',
  },
} as const;
