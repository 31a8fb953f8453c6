import { readFileSync } from 'node:fs';
import { z } from 'zod';

// Severities are compared case-insensitively, so `Critical` in a rule matches `critical` here.
const severities = z
  .array(
    z
      .string()
      .min(1)
      .transform(s => s.toLowerCase()),
  )
  .min(1)
  .optional();

const httpsUrl = z
  .string()
  .url()
  .refine(u => u.startsWith('https://'), 'must be an https:// URL');

const emailRouteSchema = z
  .object({ to: z.string().email(), severities })
  .strict();

const slackChatSchema = z
  .object({ type: z.literal('slack'), webhookUrl: httpsUrl, severities })
  .strict();

const teamsChatSchema = z
  .object({
    type: z.literal('teams'),
    webhookUrl: httpsUrl,
    // Workflows (Power Automate) webhooks take Adaptive Cards; legacy Office 365 connectors take MessageCards.
    card: z.enum(['adaptive', 'messageCard']).default('adaptive'),
    severities,
  })
  .strict();

const phoneRouteSchema = z
  .object({
    numbers: z
      .array(
        z
          .string()
          .regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, e.g. +4915112345678'),
      )
      .min(1),
    severities,
  })
  .strict();

const routeSchema = z
  .object({
    email: emailRouteSchema.optional(),
    chat: z
      .array(z.discriminatedUnion('type', [slackChatSchema, teamsChatSchema]))
      .default([]),
    phone: phoneRouteSchema.optional(),
  })
  .strict();

// Compared exactly with each SNS record's TopicArn.
const topicArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
    'must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
  );

// A tenant is reached only through its topics: who may publish to a topic is
// decided in IAM, while labels are written by any alert author.
const tenantRouteSchema = routeSchema.extend({
  topicArns: z.array(topicArn).min(1, 'must list at least one SNS topic ARN'),
});

/** Zod schema of the routing document (`NOTIFIER_CONFIG_S3`, `NOTIFIER_CONFIG` or `NOTIFIER_CONFIG_FILE`). */
export const notifierConfigSchema = z
  .object({
    admin: routeSchema,
    tenants: z
      .record(
        z
          .string()
          .min(1)
          // Delivery reports name the admin route `*` (ADMIN_TENANT).
          .refine(id => id !== '*', 'is reserved for the admin route'),
        tenantRouteSchema,
      )
      .default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    const owners = new Map<string, string>();
    for (const [tenant, route] of Object.entries(config.tenants)) {
      route.topicArns.forEach((arn, index) => {
        const owner = owners.get(arn);
        if (owner === undefined) {
          owners.set(arn, tenant);
        } else if (owner !== tenant) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['tenants', tenant, 'topicArns', index],
            message: `${arn} is also listed by tenant "${owner}"; a topic belongs to exactly one tenant`,
          });
        }
      });
    }
  });

/** Where one tenant's (or the admins') notifications go. */
export type Route = z.infer<typeof routeSchema>;

/** The validated routing document. */
export type NotifierConfig = z.infer<typeof notifierConfigSchema>;

/** How long a routing document from S3 is used before the object is read again. */
export const DEFAULT_REFRESH_SECONDS = 300;

/** Where the routing document comes from. */
export type RoutingSource =
  /** `NOTIFIER_CONFIG` or `NOTIFIER_CONFIG_FILE`: read and validated once, at cold start. */
  | { type: 'fixed'; config: NotifierConfig }
  /** `NOTIFIER_CONFIG_S3`: read at cold start, then again once `refreshSeconds` have passed. */
  | { type: 's3'; bucket: string; key: string; refreshSeconds: number };

/** Everything the handler reads from its environment. */
export type Settings = {
  routing: RoutingSource;
  /** SES sender address; required as soon as any route has an email. */
  emailFrom?: string;
  /** SQS queue URL for messages that could not be delivered. */
  dlqUrl?: string;
  /** Where delivery reports go; undefined disables reporting. */
  backend?: { url: string; token: string };
};

/** A configuration error whose message names the offending key. */
export class ConfigError extends Error {
  name = 'ConfigError';
}

function describeIssues(source: string, error: z.ZodError): string {
  const lines = error.issues.map(
    issue => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  return `${source} is invalid:\n${lines.join('\n')}`;
}

// Node's JSON.parse quotes the text around the error, which may hold a
// webhook URL; the message is logged, so only the parser's reason is kept.
const jsonSyntaxReason = (e: Error) =>
  e.message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');

/** Parses and validates the routing document; `source` names it in errors. */
export function parseNotifierConfig(
  json: string,
  source: string,
): NotifierConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new ConfigError(
      `${source} is not valid JSON: ${jsonSyntaxReason(e as Error)}`,
    );
  }
  const result = notifierConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(describeIssues(source, result.error));
  }
  return result.data;
}

/**
 * Checks that this function can deliver what a valid routing document asks
 * for: an email route needs `EMAIL_FROM`. Throws a {@link ConfigError}.
 */
export function checkDeliverable(
  config: NotifierConfig,
  emailFrom: string | undefined,
): void {
  const usesEmail = [config.admin, ...Object.values(config.tenants)].some(
    r => r.email,
  );
  if (usesEmail && !emailFrom) {
    throw new ConfigError(
      'EMAIL_FROM must be set because a route has an email',
    );
  }
}

// S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens.
const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;

const envSchema = z.object({
  NOTIFIER_CONFIG: z.string().optional(),
  NOTIFIER_CONFIG_FILE: z.string().optional(),
  NOTIFIER_CONFIG_S3: z
    .string()
    .regex(S3_URI, 'must be s3://<bucket>/<key>')
    .transform(uri => {
      const [, bucket, key] = S3_URI.exec(uri)!;
      return { bucket, key };
    })
    .optional(),
  NOTIFIER_CONFIG_REFRESH_SECONDS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of seconds')
    .transform(Number)
    .refine(n => n <= 86400, 'must be at most 86400 (a day)')
    .optional(),
  EMAIL_FROM: z.string().email().optional(),
  DLQ_URL: z.string().url().optional(),
  BACKEND_URL: z.string().url().optional(),
  BACKEND_TOKEN: z.string().min(1).optional(),
});

const SOURCES = [
  'NOTIFIER_CONFIG_S3',
  'NOTIFIER_CONFIG',
  'NOTIFIER_CONFIG_FILE',
] as const;

function routingSource(
  env: z.infer<typeof envSchema>,
  readFile: (path: string) => string,
): RoutingSource {
  const set = SOURCES.filter(name => env[name] !== undefined);
  if (set.length > 1) {
    throw new ConfigError(
      `Set only one of NOTIFIER_CONFIG_S3, NOTIFIER_CONFIG and NOTIFIER_CONFIG_FILE; ${set.join(
        ' and ',
      )} are set`,
    );
  }
  if (set.length === 0) {
    throw new ConfigError(
      'NOTIFIER_CONFIG_S3, NOTIFIER_CONFIG or NOTIFIER_CONFIG_FILE must be set',
    );
  }
  const {
    NOTIFIER_CONFIG_S3: s3,
    NOTIFIER_CONFIG_REFRESH_SECONDS: refreshSeconds,
  } = env;
  if (refreshSeconds !== undefined && !s3) {
    throw new ConfigError(
      'NOTIFIER_CONFIG_REFRESH_SECONDS applies only to NOTIFIER_CONFIG_S3',
    );
  }
  if (s3) {
    return {
      type: 's3',
      ...s3,
      refreshSeconds: refreshSeconds ?? DEFAULT_REFRESH_SECONDS,
    };
  }
  const file = env.NOTIFIER_CONFIG_FILE;
  const config = env.NOTIFIER_CONFIG
    ? parseNotifierConfig(env.NOTIFIER_CONFIG, 'NOTIFIER_CONFIG')
    : parseNotifierConfig(readFile(file!), `NOTIFIER_CONFIG_FILE (${file})`);
  return { type: 'fixed', config };
}

/**
 * Reads the settings from environment variables: the routing document
 * itself (`NOTIFIER_CONFIG`, `NOTIFIER_CONFIG_FILE`) or where it lives
 * (`NOTIFIER_CONFIG_S3`), and the other settings.
 */
export function loadSettings(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = path => readFileSync(path, 'utf8'),
): Settings {
  // Empty strings come from unset CloudFormation parameters; treat them as unset.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(describeIssues('environment', parsed.error));
  }
  const { EMAIL_FROM, DLQ_URL, BACKEND_URL, BACKEND_TOKEN } = parsed.data;
  const routing = routingSource(parsed.data, readFile);
  if (routing.type === 'fixed') {
    // A document from S3 is checked each time it is read.
    checkDeliverable(routing.config, EMAIL_FROM);
  }
  if (BACKEND_URL && !BACKEND_TOKEN) {
    throw new ConfigError('BACKEND_TOKEN must be set when BACKEND_URL is set');
  }
  return {
    routing,
    emailFrom: EMAIL_FROM,
    dlqUrl: DLQ_URL,
    backend:
      BACKEND_URL && BACKEND_TOKEN
        ? { url: BACKEND_URL.replace(/\/+$/, ''), token: BACKEND_TOKEN }
        : undefined,
  };
}
