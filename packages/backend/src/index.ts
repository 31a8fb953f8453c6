import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for the local demo (app-config.development.yaml),
// OpenID Connect in production (app-config.production.yaml)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

// catalog, with every tenant's monitoring stack as entities
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(
  import('@tenant-monitoring/plugin-catalog-backend-module-monitoring-stack'),
);

// scaffolder, with the tenant provisioning actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import(
    '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack'
  ),
);

// permissions: owners and admins read a tenant's monitoring data
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import(
    '@tenant-monitoring/plugin-permission-backend-module-monitoring-stack'
  ),
);

// the monitoring-stack gateway and services
backend.add(import('@tenant-monitoring/plugin-monitoring-stack-backend'));
// events, and the SQS module that reads SNS messages from a queue when the
// portal has no public endpoint (monitoringStack.sns.delivery: sqs, see
// docs/deploying.md); it reads no queue until one is configured
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-aws-sqs'));
// its actions, as MCP tools for AI agents (backend.actions.pluginSources lists the plugins)
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
// A tenant's Kubernetes tab shows all the tenant's namespaces, to those who may read it.
backend.add(
  import(
    '@tenant-monitoring/plugin-kubernetes-backend-module-monitoring-stack'
  ),
);
backend.add(import('@backstage/plugin-user-settings-backend'));
// signals (push to the browser over a WebSocket route) and notifications on it
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));

backend.start();
