import { z } from 'zod';
import { tenantIdProblem } from './tenantId';
import { normalizeGroupRef } from './scoping/groupRef';
import { isTopicArn, TOPIC_ARN_FORMAT } from './scoping/topicArn';

/** The label that marks a tenant's series in Prometheus and Thanos. @public */
export type SeriesLabel = 'namespace' | 'tenant_id';

/** Where a tenant's notifications go once they leave SNS. @public */
export type NotificationTarget = {
  type: 'email' | 'slack' | 'teams' | 'sms';
  address: string;
};

/**
 * How long a tenant's data is kept. Metrics stay raw for `rawDays`, are then
 * downsampled to 5 minutes, move to Glacier after `glacierAfterDays` and are
 * deleted after `expireAfterDays`; logs follow the same S3 lifecycle after
 * `logsDays` in Loki.
 * @public
 */
export type TenantRetention = {
  rawDays: number;
  glacierAfterDays: number;
  expireAfterDays: number;
  logsDays: number;
};

/** One tenant of the shared cluster. @public */
export type Tenant = {
  /** Loki/Thanos tenant id, also sent as `X-Scope-OrgID`. */
  id: string;
  title: string;
  /** Entity ref of the owning group, e.g. `group:default/team-a`. */
  owner: string;
  /** Namespaces per cluster name. */
  namespaces: Record<string, string[]>;
  seriesLabel: SeriesLabel;
  grafanaUrl?: string;
  snsTopicArns: string[];
  notificationTargets: NotificationTarget[];
  retention: TenantRetention;
};

/** The seed stack's lifecycle: 30 days raw, Glacier after 60. @public */
export const DEFAULT_RETENTION: TenantRetention = {
  rawDays: 30,
  glacierAfterDays: 60,
  expireAfterDays: 365,
  logsDays: 30,
};

// RFC 1123 label, which is what Kubernetes allows for a namespace name.
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const tenantIdSchema = z.string().superRefine((id, ctx) => {
  const problem = tenantIdProblem(id);
  if (problem) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }
});

const groupRefSchema = z.string().transform((ref, ctx) => {
  try {
    return normalizeGroupRef(ref);
  } catch (e) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: (e as Error).message,
    });
    return z.NEVER;
  }
});

const namespaceSchema = z
  .string()
  .max(63, 'a namespace name is at most 63 characters')
  .regex(
    NAMESPACE_NAME,
    'must be a Kubernetes namespace name (RFC 1123 label)',
  );

const httpUrlSchema = z.string().refine(u => {
  try {
    return ['http:', 'https:'].includes(new URL(u).protocol);
  } catch {
    return false;
  }
}, 'must be an http or https URL');

const retentionSchema = z
  .object({
    rawDays: z.number().int().positive(),
    glacierAfterDays: z.number().int().positive(),
    expireAfterDays: z.number().int().positive(),
    logsDays: z.number().int().positive(),
  })
  .partial()
  .transform(r => ({ ...DEFAULT_RETENTION, ...r }))
  .superRefine((r, ctx) => {
    if (r.glacierAfterDays <= r.rawDays) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['glacierAfterDays'],
        message: `must be later than rawDays (${r.rawDays})`,
      });
    }
    if (r.expireAfterDays < r.glacierAfterDays) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['expireAfterDays'],
        message: `must not be earlier than glacierAfterDays (${r.glacierAfterDays})`,
      });
    }
  });

const notificationTargetSchema = z.object({
  type: z.enum(['email', 'slack', 'teams', 'sms']),
  address: z.string().min(1),
});

/** The shape of one entry of `monitoringStack.tenants`. @public */
export const tenantInputSchema = z
  .object({
    id: tenantIdSchema,
    title: z.string().min(1).optional(),
    owner: groupRefSchema,
    namespaces: z
      .record(z.string().min(1), z.array(namespaceSchema))
      .default({}),
    seriesLabel: z.enum(['namespace', 'tenant_id']).default('namespace'),
    grafanaUrl: httpUrlSchema.optional(),
    snsTopicArns: z
      .array(
        z
          .string()
          .refine(isTopicArn, `must be an SNS topic ARN (${TOPIC_ARN_FORMAT})`),
      )
      .default([]),
    notificationTargets: z.array(notificationTargetSchema).default([]),
    retention: retentionSchema.default({}),
  })
  .strict()
  .superRefine((t, ctx) => {
    const count = Object.values(t.namespaces).flat().length;
    if (t.seriesLabel === 'namespace' && count === 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['namespaces'],
        message:
          "needs at least one namespace when seriesLabel is 'namespace' (there would be nothing to scope the tenant's series to)",
      });
    }
  })
  .transform(
    (t): Tenant => ({
      ...t,
      title: t.title ?? t.id,
    }),
  );

/** Raw input of a tenant, before defaults are applied. @public */
export type TenantInput = z.input<typeof tenantInputSchema>;

/**
 * Thrown when tenant input breaks a rule; the message names the key and the
 * rule, e.g. `monitoringStack.tenants[2].id: must not be '.' or '..'`.
 * @public
 */
export class TenantValidationError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid tenant configuration: ${problems.join('; ')}`);
    this.name = 'TenantValidationError';
    this.problems = problems;
  }
}

function formatPath(prefix: string, path: (string | number)[]): string {
  return path.reduce<string>(
    (acc, part) =>
      typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${part}`,
    prefix,
  );
}

/**
 * Validates one tenant, naming keys below `keyPrefix` in errors.
 * @public
 */
export function parseTenant(input: unknown, keyPrefix = 'tenant'): Tenant {
  const result = tenantInputSchema.safeParse(input);
  if (!result.success) {
    throw new TenantValidationError(
      result.error.issues.map(
        i => `${formatPath(keyPrefix, i.path)}: ${i.message}`,
      ),
    );
  }
  return result.data;
}

/**
 * Validates a list of tenants (as found at `monitoringStack.tenants`), and
 * that their ids are unique.
 * @public
 */
export function parseTenants(
  input: unknown,
  keyPrefix = 'monitoringStack.tenants',
): Tenant[] {
  if (input === undefined || input === null) {
    return [];
  }
  if (!Array.isArray(input)) {
    throw new TenantValidationError([
      `${keyPrefix}: must be a list of tenants`,
    ]);
  }
  const problems: string[] = [];
  const tenants: Tenant[] = [];
  const seen = new Map<string, number>();
  const claimed = new Map<string, number>();
  input.forEach((item, index) => {
    try {
      const tenant = parseTenant(item, `${keyPrefix}[${index}]`);
      const first = seen.get(tenant.id);
      if (first !== undefined) {
        problems.push(
          `${keyPrefix}[${index}].id: '${tenant.id}' is already used by ${keyPrefix}[${first}]`,
        );
        return;
      }
      seen.set(tenant.id, index);
      // One namespace, one topic: one tenant. The gateway scopes by
      // namespace name, whatever the cluster.
      for (const [what, claims] of [
        ['namespaces', tenantNamespaceNames(tenant)],
        ['snsTopicArns', tenant.snsTopicArns],
      ] as const) {
        for (const claim of claims) {
          const holder = claimed.get(`${what}:${claim}`);
          if (holder !== undefined) {
            problems.push(
              `${keyPrefix}[${index}].${what}: '${claim}' belongs to ${keyPrefix}[${holder}] already`,
            );
          }
          claimed.set(`${what}:${claim}`, holder ?? index);
        }
      }
      tenants.push(tenant);
    } catch (e) {
      if (e instanceof TenantValidationError) {
        problems.push(...e.problems);
      } else {
        throw e;
      }
    }
  });
  if (problems.length > 0) {
    throw new TenantValidationError(problems);
  }
  return tenants;
}

// The keys of the retention annotation, in the order they are written.
const RETENTION_KEYS = {
  raw: 'rawDays',
  glacier: 'glacierAfterDays',
  expire: 'expireAfterDays',
  logs: 'logsDays',
} as const satisfies Record<string, keyof TenantRetention>;

/**
 * A retention as the value of the `monitoring-stack.io/retention`
 * annotation: `raw=30,glacier=60,expire=365,logs=30`.
 * @public
 */
export function formatRetention(retention: TenantRetention): string {
  return Object.entries(RETENTION_KEYS)
    .map(([key, field]) => `${key}=${retention[field]}`)
    .join(',');
}

/**
 * Reads the value of the `monitoring-stack.io/retention` annotation
 * (`raw=30,glacier=60,expire=365,logs=30`, whole days): a key left out takes
 * the days of {@link DEFAULT_RETENTION}, and the days must keep the rules of
 * a tenant's `retention` in {@link tenantInputSchema}. Throws a
 * {@link TenantValidationError} whose problems name `keyPrefix`.
 * @public
 */
export function parseRetention(
  value: string,
  keyPrefix = 'retention',
): TenantRetention {
  const problems: string[] = [];
  const input: Partial<Record<keyof TenantRetention, number>> = {};
  const pairs = value
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  if (pairs.length === 0) {
    problems.push(
      `${keyPrefix}: must be comma-separated key=days pairs of ${Object.keys(
        RETENTION_KEYS,
      ).join(', ')}, like ${formatRetention(DEFAULT_RETENTION)}`,
    );
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const days = eq < 0 ? '' : pair.slice(eq + 1).trim();
    if (!Object.keys(RETENTION_KEYS).includes(key)) {
      problems.push(
        `${keyPrefix}: unknown key '${key}' (known: ${Object.keys(
          RETENTION_KEYS,
        ).join(', ')})`,
      );
      continue;
    }
    const field = RETENTION_KEYS[key as keyof typeof RETENTION_KEYS];
    if (field in input) {
      problems.push(`${keyPrefix}: '${key}' is given twice`);
    } else if (!/^\d+$/.test(days)) {
      problems.push(
        `${keyPrefix}: ${key} must be a whole number of days, got '${days}'`,
      );
    } else {
      input[field] = Number(days);
    }
  }
  if (problems.length > 0) {
    throw new TenantValidationError(problems);
  }
  const result = retentionSchema.safeParse(input);
  if (!result.success) {
    throw new TenantValidationError(
      result.error.issues.map(
        i => `${formatPath(keyPrefix, i.path)}: ${i.message}`,
      ),
    );
  }
  return result.data;
}

/** Every `cluster/namespace` of a tenant, sorted. @public */
export function tenantNamespaceList(tenant: Tenant): string[] {
  return Object.entries(tenant.namespaces)
    .flatMap(([cluster, names]) => names.map(n => `${cluster}/${n}`))
    .sort();
}

/** The distinct namespace names of a tenant over all clusters, sorted. @public */
export function tenantNamespaceNames(tenant: Tenant): string[] {
  return [...new Set(Object.values(tenant.namespaces).flat())].sort();
}
