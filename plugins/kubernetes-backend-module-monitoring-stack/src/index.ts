/**
 * Kubernetes backend module of the monitoring-stack plugins: the Kubernetes
 * plugin answers a caller with the objects of the tenants it may read only,
 * and a tenant's Kubernetes tab shows every namespace the tenant owns.
 *
 * @packageDocumentation
 */
export { kubernetesModuleMonitoringStack as default } from './module';
export {
  HIDDEN_FROM_PORTAL_LABEL,
  TenantWorkloadsProvider,
} from './TenantWorkloadsProvider';
