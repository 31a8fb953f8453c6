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
}
