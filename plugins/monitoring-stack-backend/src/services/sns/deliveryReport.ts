import { InputError } from '@backstage/errors';
import { DeliveryReport } from '@internal/plugin-monitoring-stack-common';
import { z } from 'zod';
import { parseTopicArn } from './topicArn';

/** Most outcomes one report may carry; the notifier sends one per target of a batch. */
const MAX_DELIVERIES_PER_REPORT = 500;

const deliveryReportSchema = z
  .object({
    deliveries: z
      .array(
        z
          .object({
            messageId: z.string().min(1).max(100),
            topicArn: z
              .string()
              .refine(
                arn => parseTopicArn(arn) !== undefined,
                'must be an SNS topic ARN',
              ),
            tenant: z.string().min(1).max(100),
            channel: z.enum(['email', 'slack', 'teams', 'sms']),
            target: z.string().min(1).max(300),
            status: z.enum(['delivered', 'failed']),
            attempts: z.number().int().min(1).max(100),
            error: z.string().max(1000).optional(),
            at: z.string().datetime({ offset: true }),
          })
          .strict(),
      )
      .max(MAX_DELIVERIES_PER_REPORT),
  })
  .strict();

/** Validates a `POST /sns/deliveries` body; InputError naming the first problem. */
export function parseDeliveryReport(body: unknown): DeliveryReport {
  const parsed = deliveryReportSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `Invalid delivery report: ${issue.path.join('.') || 'body'}: ${
        issue.message
      }`,
    );
  }
  return parsed.data;
}
