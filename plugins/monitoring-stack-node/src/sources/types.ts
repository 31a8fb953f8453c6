import {
  Tenant,
  TenantAlert,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { TenantScope } from '../tenancy/TenantAuthorizer';

/** A tenant a source declares, and where it read it. @public */
export type DeclaredTenant = {
  tenant: Tenant;
  /**
   * Where the tenant was read, written to the entity's
   * `monitoring-stack.io/source` annotation: the source's id, optionally
   * followed by `:` and a detail (`config`, `kubernetes:eks-shared`).
   */
  origin: string;
};

/** Something a source could not turn into a tenant, and why. @public */
export type SkippedTenant = { what: string; reason: string };

/** What one read of a tenant source found. @public */
export type TenantSourceRead = {
  tenants: DeclaredTenant[];
  skipped?: SkippedTenant[];
};

/**
 * Where the platform declares tenants (config, labelled Kubernetes
 * namespaces, or an adopter's own registry). Only platform-owned data may
 * back a source: a tenant is what the platform declared, never what a user
 * typed or registered.
 * @public
 */
export interface MonitoringStackTenantSource {
  /** Lower-case id, e.g. `config`; the origin of its tenants starts with it. */
  readonly id: string;
  /**
   * The tenants the source declares now. Throws when it cannot read them;
   * the provider then keeps the source's last good answer.
   */
  readTenants(): Promise<TenantSourceRead>;
}

/** What one read of an alert source found. @public */
export type AlertSourceRead = {
  alerts: TenantAlert[];
  /** Parts that could not be read (one tenant's Loki rules); the rest still counts. */
  errors?: string[];
};

/**
 * Where a tenant's alerts come from (Alertmanager, the rules APIs, Loki's
 * ruler, CloudTrail). A source is handed the caller's scope and must answer
 * with that scope's alerts only.
 * @public
 */
export interface MonitoringStackAlertSource {
  /** Shown as the source of its alerts and in the card's source status. */
  readonly id: string;
  /** Sources that only the admin view `*` asks, such as CloudTrail. */
  readonly adminOnly?: boolean;
  /** Why the source cannot answer (`not configured`), or undefined when it can. */
  readonly unavailable?: string;
  readAlerts(scope: TenantScope): Promise<AlertSourceRead>;
}
