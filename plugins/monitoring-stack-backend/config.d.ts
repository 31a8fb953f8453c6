import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  monitoringStack?: {
    /** The tenant-enforcing gateway. */
    gateway?: {
      /** Header Thanos reads the tenant from (default THANOS-TENANT). */
      tenantHeader?: string;
      /** Largest request body in bytes (default 1 MiB). */
      maxRequestBodyBytes?: number;
      /**
       * Seconds one read of Prometheus' (Thanos Query's) rules and alerts
       * serves every tenant (default 5); 0 reads them for each request.
       */
      rulesCacheSeconds?: number;
      /** Static external access subjects (a tenant's Grafana) and the tenant, or '*', they may read. */
      serviceTokens?: Array<{
        subject: string;
        tenant: string;
        /** What the token may do (default read). */
        rights?: Array<'read' | 'silence' | 'write'>;
      }>;
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
      /**
       * Read the watched calls on the stack's own AWS resources too (its
       * buckets, alert topics, notifier function and trail, as
       * `monitoringStack.admin` names them), each a notification; default true.
       */
      watchStack?: boolean;
    };
    /**
     * SNS delivery status, the SNS receiver (over HTTPS at `POST /sns/receive`,
     * or from SQS) and the notifier's delivery reports (`POST /sns/deliveries`).
     * The receiver accepts the tenants' topics and
     * `monitoringStack.admin.alertsTopicArn` / `cloudTrailTopicArn`.
     */
    sns?: {
      /** Days received notifications and delivery reports are kept (default 30). */
      retentionDays?: number;
      /** Oldest message the receiver accepts, by its signed Timestamp, in seconds (default 3600). */
      maxMessageAgeSeconds?: number;
      /**
       * How SNS messages reach the receiver. `https` (default): SNS posts them
       * to `POST /sns/receive`, which must be reachable from SNS over public
       * HTTPS. `sqs`: the topics deliver to an SQS queue that the events
       * backend's SQS module reads into `eventsTopic`; `/sns/receive` is
       * closed. `both`: either way. Every message is verified alike.
       */
      delivery?: 'https' | 'sqs' | 'both';
      /**
       * The events topic the SQS messages are published to: a key of
       * `events.modules.awsSqs.awsSqsConsumingEventPublisher.topics`.
       * Required with delivery `sqs` or `both`, refused with `https`.
       */
      eventsTopic?: string;
      /**
       * Subjects of the static access tokens that may report deliveries.
       * Required to accept reports: when unset or empty, every report is
       * refused (403).
       */
      notifierSubjects?: string[];
    };
  };
}
