export interface Config {
  monitoringStack?: {
    /**
     * The tenants of the shared cluster. More tenants are read from
     * Kubernetes namespaces labelled `monitoring-stack.io/tenant`.
     */
    tenants?: Array<{
      /** Loki/Thanos tenant id: at most 150 bytes of 0-9 a-z A-Z ! - _ . * ' ( ), never '.' or '..'. */
      id: string;
      /** Display title; defaults to the id. */
      title?: string;
      /** Entity ref of the owning group, e.g. group:default/team-a. */
      owner: string;
      /** Namespaces of the tenant per cluster name. */
      namespaces?: { [cluster: string]: string[] };
      /** The label that marks the tenant's series: namespace (default) or tenant_id. */
      seriesLabel?: 'namespace' | 'tenant_id';
      /**
       * The tenant's own Grafana. Not sent to browsers: the cards read it
       * from the tenant's entity, which only the tenant's readers see.
       */
      grafanaUrl?: string;
      /** SNS topics that carry the tenant's alerts. */
      snsTopicArns?: string[];
      /** Where the notifier delivers the tenant's alerts. */
      notificationTargets?: Array<{
        type: 'email' | 'slack' | 'teams' | 'sms';
        address: string;
      }>;
      /** Data lifecycle in days; defaults 30 raw, Glacier after 60, expire after 365, logs 30. */
      retention?: {
        rawDays?: number;
        glacierAfterDays?: number;
        expireAfterDays?: number;
        logsDays?: number;
      };
    }>;
    /** Entity ref of the group whose members see every tenant (tenant '*'). */
    adminGroup?: string;
  };
}
