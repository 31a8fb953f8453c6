import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  monitoringStackToolsReadPermission,
  tenantMatcher,
  TenantMatcher,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  TenantAuthorizer,
  TenantRight,
  TenantScope,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { AlertsService } from '../alerts/AlertsService';
import { GatewayConfig } from '../gateway/gatewayConfig';
import { TenantTokenManager } from '../tokens/TenantTokenManager';
import { UpstreamError } from '../upstream/errors';
import {
  callUpstream,
  readUpstreamJson,
  Upstream,
  UpstreamRequest,
} from '../upstream/upstream';

/** What the actions need: the same authorizer and upstreams as the gateway. */
export type MonitoringStackActionsOptions = {
  actionsRegistry: ActionsRegistryService;
  authorizer: TenantAuthorizer;
  alerts: AlertsService;
  gateway: GatewayConfig;
  auditor: AuditorService;
  /** The tenant tokens, managed as on the tenant's page. */
  tokens: TenantTokenManager;
};

/**
 * The scope the caller may act in for `tenant` with `right`, decided by the
 * gateway's authorizer; an admin view is audited like the gateway's.
 */
export async function actionScope(
  options: MonitoringStackActionsOptions,
  tenant: string,
  credentials: BackstageCredentials,
  right: TenantRight = 'read',
): Promise<TenantScope> {
  const { principal } = credentials as BackstageCredentials<{
    type: string;
    subject?: string;
  }>;
  if (
    principal.type === 'service' &&
    principal.subject?.startsWith('plugin:')
  ) {
    // Backstage passes a service caller on as the plugin that calls (the MCP
    // actions backend), which no tenant is granted to.
    throw new NotAllowedError(
      `Service callers reach this action as '${principal.subject}', not as themselves, and may not act on tenant '${tenant}'; call the gateway with a token granted in monitoringStack.gateway.serviceTokens instead`,
    );
  }
  const scope = await options.authorizer.scope(tenant, credentials, right);
  if (scope.kind === 'admin') {
    const event = await options.auditor.createEvent({
      eventId: 'admin-view',
      severityLevel: right === 'read' ? 'medium' : 'high',
      meta: { right, tenants: scope.tenants.length, via: 'actions' },
    });
    await event.success();
  }
  return scope;
}

/** What every read tool declares: read-only, and shown to who may read. */
export const READ_TOOL = {
  attributes: { readOnly: true, idempotent: true, destructive: false },
  visibilityPermission: monitoringStackToolsReadPermission,
} as const;

/** The tenant's series matcher; none for the admin view. */
export const matcherOf = (scope: TenantScope): TenantMatcher | undefined =>
  scope.kind === 'tenant' ? tenantMatcher(scope.tenant) : undefined;

/** Calls an upstream and reads its JSON; a 400 is the caller's query, anything else the upstream's fault. */
export async function upstreamJson<T>(
  upstream: Upstream,
  request: UpstreamRequest,
): Promise<T> {
  const response = await callUpstream(upstream, request);
  const body = await readUpstreamJson<any>(upstream, response);
  if (response.status === 400 || response.status === 422) {
    throw new InputError(
      `${upstream.name} refused the query: ${String(body?.error ?? '').slice(
        0,
        300,
      )}`,
    );
  }
  if (!response.ok) {
    throw new UpstreamError(
      `${upstream.name} answered ${request.path} with HTTP ${response.status}`,
    );
  }
  return body as T;
}

/** Seconds since the epoch of an RFC 3339 time or a relative `now-1h`-like duration. */
export function toSeconds(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const relative = /^now(?:-(\d+)([smhd]))?$/.exec(value);
  if (relative) {
    const n = Number(relative[1] ?? 0);
    const unit = { s: 1, m: 60, h: 3600, d: 86400 }[relative[2] ?? 's']!;
    return Date.now() / 1000 - n * unit;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new InputError(
      `'${value}' is not a time: use RFC 3339 or now, now-15m, now-6h`,
    );
  }
  return ms / 1000;
}
