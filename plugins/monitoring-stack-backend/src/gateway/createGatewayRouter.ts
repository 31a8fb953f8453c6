import { AuditorService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { ScopeResolver } from '../upstream/ScopeResolver';
import { createAlertmanagerRouter } from './alertmanagerRouter';
import { GatewayConfig } from './gatewayConfig';
import { createLogsRouter } from './logsRouter';
import { createMetricsRouter } from './metricsRouter';

/** The tenant-enforcing gateway for metrics, logs and alerts. */
export function createGatewayRouter(options: {
  config: GatewayConfig;
  scope: ScopeResolver;
  auditor: AuditorService;
}): express.Router {
  const { config, scope, auditor } = options;
  const router = Router();
  router.use(
    createMetricsRouter({
      upstream: config.metrics,
      tenantHeader: config.tenantHeader,
      scope,
      rulesCacheMs: config.rulesCacheMs,
    }),
  );
  router.use(
    createLogsRouter({
      upstream: config.logs,
      scope,
      appOrigin: config.appOrigin,
    }),
  );
  router.use(
    createAlertmanagerRouter({
      upstream: config.alertmanager,
      scope,
      auditor,
    }),
  );
  return router;
}
