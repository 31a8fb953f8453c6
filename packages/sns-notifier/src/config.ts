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

/** Zod schema of the routing document (`NOTIFIER_CONFIG` / `NOTIFIER_CONFIG_FILE`). */
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

/** Everything the handler reads from its environment. */
export type Settings = {
  config: NotifierConfig;
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
      `${source} is not valid JSON: ${(e as Error).message}`,
    );
  }
  const result = notifierConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(describeIssues(source, result.error));
  }
  return result.data;
}

function usesEmail(config: NotifierConfig): boolean {
  return [config.admin, ...Object.values(config.tenants)].some(r => r.email);
}

const envSchema = z.object({
  EMAIL_FROM: z.string().email().optional(),
  DLQ_URL: z.string().url().optional(),
  BACKEND_URL: z.string().url().optional(),
  BACKEND_TOKEN: z.string().min(1).optional(),
});

/** Reads the routing document and the other settings from environment variables. */
export function loadSettings(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = path => readFileSync(path, 'utf8'),
): Settings {
  const inline = env.NOTIFIER_CONFIG;
  const file = env.NOTIFIER_CONFIG_FILE;
  if (inline && file) {
    throw new ConfigError(
      'Set only one of NOTIFIER_CONFIG and NOTIFIER_CONFIG_FILE',
    );
  }
  if (!inline && !file) {
    throw new ConfigError(
      'NOTIFIER_CONFIG or NOTIFIER_CONFIG_FILE must be set',
    );
  }
  const config = inline
    ? parseNotifierConfig(inline, 'NOTIFIER_CONFIG')
    : parseNotifierConfig(readFile(file!), `NOTIFIER_CONFIG_FILE (${file})`);

  // Empty strings come from unset CloudFormation parameters; treat them as unset.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(describeIssues('environment', parsed.error));
  }
  const { EMAIL_FROM, DLQ_URL, BACKEND_URL, BACKEND_TOKEN } = parsed.data;
  if (usesEmail(config) && !EMAIL_FROM) {
    throw new ConfigError(
      'EMAIL_FROM must be set because a route has an email',
    );
  }
  if (BACKEND_URL && !BACKEND_TOKEN) {
    throw new ConfigError('BACKEND_TOKEN must be set when BACKEND_URL is set');
  }
  return {
    config,
    emailFrom: EMAIL_FROM,
    dlqUrl: DLQ_URL,
    backend:
      BACKEND_URL && BACKEND_TOKEN
        ? { url: BACKEND_URL.replace(/\/+$/, ''), token: BACKEND_TOKEN }
        : undefined,
  };
}
