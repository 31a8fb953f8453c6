import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      monitoringStack?: {
        /** How often tenants are read; default every 5 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Read tenants from labelled Kubernetes namespaces (default true). */
        kubernetes?: boolean;
        /** Timeout of one Kubernetes API request in milliseconds (default 10000). */
        requestTimeoutMs?: number;
      };
    };
  };
  monitoringStack?: {
    /** The shared stack described by the admin System. */
    admin?: {
      /** Cluster name; other defaults derive from it (default eks-shared). */
      cluster?: string;
      region?: string;
      accountId?: string;
      metricsBucket?: string;
      logsBucket?: string;
      cloudTrailBucket?: string;
      trailName?: string;
      alertsTopicArn?: string;
      cloudTrailTopicArn?: string;
      notifierFunctionName?: string;
    };
  };
}
