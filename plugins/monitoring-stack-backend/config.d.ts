import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  monitoringStack?: {
    /** Entity ref of the group whose members see every tenant (default group:default/platform-admins). */
    adminGroup?: string;
    /** The tenant-enforcing gateway. */
    gateway?: {
      /** Header Thanos reads the tenant from (default THANOS-TENANT). */
      tenantHeader?: string;
      /** Largest request body in bytes (default 1 MiB). */
      maxRequestBodyBytes?: number;
      /** Static external access subjects (a tenant's Grafana) and the tenant, or '*', they may read. */
      serviceTokens?: Array<{ subject: string; tenant: string }>;
    };
    /** The shared services the gateway and the health check talk to. */
    upstreams?: {
      prometheus?: {
        /** Base URL of prometheus. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      thanosQuery?: {
        /** Base URL of thanosQuery. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      alertmanager?: {
        /** Base URL of alertmanager. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      loki?: {
        /** Base URL of loki. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      grafana?: {
        /** Base URL of grafana. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      kiali?: {
        /** Base URL of kiali. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
      jaeger?: {
        /** Base URL of jaeger. */
        url: string;
        /** Request timeout in milliseconds (default 30000). */
        timeoutMs?: number;
      };
    };
    /** The alerts list (`GET /tenants/:tenant/alerts`). */
    alerts?: {
      /**
       * Alertmanager URL as the browser reaches it, for silence links
       * (default `upstreams.alertmanager.url`).
       * @visibility frontend
       */
      alertmanagerPublicUrl?: string;
      /** Grafana the admin view's expression links open (default `upstreams.grafana.url`). */
      adminGrafanaUrl?: string;
    };
    /** The CloudTrail reader of the EKS API's events. */
    cloudTrail?: {
      /** Read CloudTrail on a schedule (default false). */
      enabled?: boolean;
      /** AWS region of the trail (default `monitoringStack.admin.region`, else the SDK's default chain). */
      region?: string;
      /** How often to read; default every 5 minutes with a 4 minute timeout. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Event names that notify the admin SNS topic (default DeleteCluster, UpdateClusterConfig, DeleteAddon, DeleteNodegroup, UpdateAddon). */
      notifyEventNames?: string[];
      /** Regular expressions (case-insensitive) for resources of the monitoring stack; events touching one notify too. */
      monitoringResourcePatterns?: string[];
      /** Days events are kept (default 90). */
      retentionDays?: number;
      /** Minutes read again behind the cursor, for events CloudTrail delivers late (default 15). */
      lookbackMinutes?: number;
      /** Hours the first run reads back (default 24). */
      initialLookbackHours?: number;
    };
    /**
     * SNS delivery status, the SNS HTTPS endpoint (`POST /sns/receive`) and
     * the notifier's delivery reports (`POST /sns/deliveries`). The endpoint
     * accepts the tenants' topics and `monitoringStack.admin.alertsTopicArn` /
     * `cloudTrailTopicArn`.
     */
    sns?: {
      /** Days received notifications and delivery reports are kept (default 30). */
      retentionDays?: number;
      /** Oldest message the endpoint accepts, by its signed Timestamp, in seconds (default 3600). */
      maxMessageAgeSeconds?: number;
      /**
       * Subjects of the static access tokens that may report deliveries.
       * Required to accept reports: when unset or empty, every report is
       * refused (403).
       */
      notifierSubjects?: string[];
    };
  };
}
