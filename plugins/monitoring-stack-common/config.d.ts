export interface Config {
  /**
   * The shared settings of the monitoring-stack plugins, read by
   * `readMonitoringStackSettings` (tenants by `parseTenants`). Settings of a
   * single plugin (`gateway`, `cloudTrail`, `sns` of the backend plugin) are
   * declared by that plugin.
   */
  monitoringStack?: {
    /** Entity ref of the group whose members see every tenant (tenant '*'); default group:default/platform-admins. */
    adminGroup?: string;
    /** The shared stack described by the admin System. */
    admin?: {
      /** Cluster name; other names derive from it (default eks-shared). */
      cluster?: string;
      /** AWS region of the stack, e.g. eu-west-1. */
      region?: string;
      /** AWS account id of the stack (12 digits). */
      accountId?: string;
      /** Default <cluster>-thanos-metrics. */
      metricsBucket?: string;
      /** Default <cluster>-loki-logs. */
      logsBucket?: string;
      /** Default <cluster>-cloudtrail. */
      cloudTrailBucket?: string;
      /** Default <cluster>-eks-audit. */
      trailName?: string;
      /** Default arn:aws:sns:<region>:<accountId>:<cluster>-monitoring-alerts, when region and accountId are set. */
      alertsTopicArn?: string;
      /** Default arn:aws:sns:<region>:<accountId>:<cluster>-cloudtrail-events, when region and accountId are set. */
      cloudTrailTopicArn?: string;
      /** Default <cluster>-sns-notifier. */
      notifierFunctionName?: string;
      /**
       * The portal's gateway as the tenants' Grafanas reach it: its
       * in-cluster Service or public address, e.g.
       * http://backstage.backstage.svc.cluster.local:7007. Default
       * backend.baseUrl; never a loopback address.
       */
      gatewayUrl?: string;
      /**
       * The cluster's OIDC issuer without https://, e.g.
       * oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
       * (`aws eks describe-cluster --query cluster.identity.oidc.issuer`).
       * tenant:render needs it for the role that reads a tenant's gateway
       * token, which trusts that tenant's service account alone.
       */
      oidcIssuer?: string;
      /**
       * The SQS queue the portal reads SNS deliveries from, when SNS cannot
       * reach it over HTTPS (monitoringStack.sns.delivery sqs): tenant:render
       * subscribes it to each tenant topic instead of the HTTPS receiver.
       */
      portalQueueArn?: string;
      /** How tenant:render runs each tenant's Grafana. */
      tenantGrafana?: {
        /**
         * Sign-in through the portal's identity provider (Grafana's generic
         * OAuth, one client per tenant named grafana-<tenant>); tenant:render
         * needs it. Only the tenant's owner group and the admin group get in.
         */
        sso?: {
          /** e.g. https://login.example.com/oauth2/v1/authorize */
          authUrl: string;
          tokenUrl: string;
          /** The user info endpoint. */
          apiUrl: string;
          /** Default 'openid email profile groups'. */
          scopes?: string;
          /** JMESPath to the user's group names (default groups); a group's name is its entity name. */
          groupsAttributePath?: string;
        };
        /** Default nginx. */
        ingressClassName?: string;
        /** Namespace of the ingress controller, the only one the NetworkPolicy lets in (default ingress-nginx). */
        ingressNamespace?: string;
        /** cert-manager ClusterIssuer for the Ingress' TLS certificate. */
        clusterIssuer?: string;
        /** Storage class of /var/lib/grafana's volume (default the cluster's). */
        storageClassName?: string;
        /** Default 10Gi. */
        storageSize?: string;
        /** CIDRs outside the cluster each Grafana may reach on 443: the identity provider, a gateway address outside the cluster. */
        egressCidrs?: string[];
      };
    };
    /** The shared services as the backend reaches them. */
    upstreams?: {
      prometheus?: Upstream;
      thanosQuery?: Upstream;
      alertmanager?: Upstream;
      loki?: Upstream;
      /** The shared (admin) Grafana, probed by the health check. */
      grafana?: Upstream;
      kiali?: Upstream;
      jaeger?: Upstream;
    };
    /** The shared UIs as browsers reach them; each defaults to its upstream's URL on the backend. */
    links?: {
      /**
       * Grafana of the admin view's links.
       * @visibility frontend
       */
      grafana?: string;
      /**
       * Kiali base URL.
       * @visibility frontend
       */
      kiali?: string;
      /**
       * Jaeger UI base URL.
       * @visibility frontend
       */
      jaeger?: string;
      /**
       * Alertmanager, for silence links.
       * @visibility frontend
       */
      alertmanager?: string;
    };
    /**
     * Service account tokens of the tenants' own Grafanas (one per tenant,
     * role Admin of its default organisation), used by the scaffolder's
     * grafana actions and the dashboards card. Optional: without one,
     * `grafana:provision` creates the service account with the Grafana's
     * admin password and stores its token in AWS Secrets Manager
     * (`monitoring-stack/tenants/grafana-<tenant>/service-account-token`),
     * where both read it.
     */
    grafanaServiceAccounts?: Array<{
      /** Tenant id. */
      tenant: string;
      /**
       * Service account token of that tenant's Grafana; an entry without
       * one (its environment variable unset) is left out.
       * @visibility secret
       */
      token?: string;
    }>;
    /**
     * The Grafana of each tenant read from a Kubernetes namespace, with
     * `{tenant}` for its id, e.g. `https://grafana.{tenant}.example.com`.
     * The backend sends the tenant's Grafana token there, so a namespace
     * cannot choose it: one whose `monitoring-stack.io/grafana-url`
     * annotation differs is refused.
     */
    tenantGrafanaUrl?: string;
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
  };
}

interface Upstream {
  /** Base URL. */
  url: string;
  /** Request timeout in milliseconds (default 30000). */
  timeoutMs?: number;
}
