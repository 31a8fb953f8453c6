import {
  TenantRight,
  TenantScope,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { Request } from 'express';

/** Resolves the tenant a gateway request acts on, for users and service tokens. @public */
export type ScopeResolver = (
  req: Request,
  tenantId: string,
  right?: TenantRight,
  options?: { allowLimitedAccess?: boolean },
) => Promise<TenantScope>;
