import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { SourcesFactory } from './sources/resolveSources';
import {
  MonitoringStackAlertSource,
  MonitoringStackTenantSource,
} from './sources/types';

/**
 * The interface for {@link monitoringStackTenantSourcesExtensionPoint}.
 * @public
 */
export interface MonitoringStackTenantSourcesExtensionPoint {
  /**
   * Adds a tenant source after the built-in ones (config, then labelled
   * Kubernetes namespaces), or, given a factory, sets the sources from the
   * ones in place. Earlier sources win: a later tenant that claims an
   * earlier tenant's namespace or topic is refused.
   */
  addTenantSource(
    source:
      | MonitoringStackTenantSource
      | SourcesFactory<MonitoringStackTenantSource>,
  ): void;
}

/**
 * Where catalog modules add tenant sources to the monitoring-stack entity
 * provider (registered by `catalog-backend-module-monitoring-stack`).
 * @public
 */
export const monitoringStackTenantSourcesExtensionPoint =
  createExtensionPoint<MonitoringStackTenantSourcesExtensionPoint>({
    id: 'monitoring-stack.tenant-sources',
  });

/**
 * The interface for {@link monitoringStackAlertSourcesExtensionPoint}.
 * @public
 */
export interface MonitoringStackAlertSourcesExtensionPoint {
  /**
   * Adds an alert source after the built-in ones (Alertmanager, the
   * Prometheus/Thanos rules, Loki's ruler, CloudTrail), or, given a factory,
   * sets the sources from the ones in place.
   */
  addAlertSource(
    source:
      | MonitoringStackAlertSource
      | SourcesFactory<MonitoringStackAlertSource>,
  ): void;
}

/**
 * Where modules of the `monitoring-stack` backend plugin add alert sources.
 * @public
 */
export const monitoringStackAlertSourcesExtensionPoint =
  createExtensionPoint<MonitoringStackAlertSourcesExtensionPoint>({
    id: 'monitoring-stack.alert-sources',
  });
