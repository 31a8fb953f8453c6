import {
  ScopedTenant,
  tenantSelector,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** The level filters of the logs card and the line filter each adds. */
export const LOG_LEVELS = {
  all: undefined,
  error: '(?i)(level=|"level":\\s*")?(error|err|fatal|panic)\\b',
  warn: '(?i)(level=|"level":\\s*")?(warn|warning)\\b',
  info: '(?i)(level=|"level":\\s*")?info\\b',
  debug: '(?i)(level=|"level":\\s*")?(debug|trace)\\b',
} as const;

export type LogLevel = keyof typeof LOG_LEVELS;

/** The stream selector of the card: one namespace, the tenant's, or every log (admin). */
export function streamSelector(
  tenant: ScopedTenant | undefined,
  namespace: string,
): string {
  if (namespace) return `{namespace="${namespace}"}`;
  if (tenant) return tenantSelector(tenant);
  return '{namespace=~".+"}';
}

/** The query of the card's filters, to start the LogQL box from. */
export function filteredQuery(
  tenant: ScopedTenant | undefined,
  namespace: string,
  level: LogLevel,
): string {
  const filter = LOG_LEVELS[level];
  const selector = streamSelector(tenant, namespace);
  return filter ? `${selector} |~ ${JSON.stringify(filter)}` : selector;
}
