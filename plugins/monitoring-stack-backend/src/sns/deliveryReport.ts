import { InputError } from '@backstage/errors';
import {
  DeliveryReport,
  isTopicArn,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { parseWith } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { z } from 'zod';
import { MAX_CLOCK_SKEW_MS } from './SnsReceiver';

/** Most outcomes one report may carry; the notifier sends one per target of a batch. */
const MAX_DELIVERIES_PER_REPORT = 500;

const deliveryReportSchema = z
  .object({
    deliveries: z
      .array(
        z
          .object({
            messageId: z.string().min(1).max(100),
            topicArn: z.string().refine(isTopicArn, 'must be an SNS topic ARN'),
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

/**
 * Validates a `POST /sns/deliveries` body, its times against `now`;
 * InputError naming the problems.
 */
export function parseDeliveryReport(body: unknown, now: Date): DeliveryReport {
  const report = parseWith(deliveryReportSchema, body, 'delivery report');
  // An outcome from the future would outrank the real later attempt.
  const latest = now.getTime() + MAX_CLOCK_SKEW_MS;
  const early = report.deliveries.findIndex(d => Date.parse(d.at) > latest);
  if (early >= 0) {
    throw new InputError(
      `Invalid delivery report: deliveries.${early}.at: ${report.deliveries[early].at} is in the future`,
    );
  }
  return report;
}

/**
 * Refuses outcomes of topics not accepted, and outcomes naming a tenant that
 * does not own their topic (`*` for the admin topics): the notifier reports
 * for the topic's owner, and nobody else's status may be written.
 */
export function checkTopicOwners(
  report: DeliveryReport,
  owners: Map<string, Set<string>>,
): void {
  report.deliveries.forEach((delivery, index) => {
    const owner = owners.get(delivery.topicArn);
    if (!owner) {
      throw new InputError(
        `Invalid delivery report: deliveries.${index}.topicArn: topic ${delivery.topicArn} is not accepted`,
      );
    }
    if (!owner.has(delivery.tenant)) {
      throw new InputError(
        `Invalid delivery report: deliveries.${index}: tenant ${delivery.tenant} does not own topic ${delivery.topicArn}`,
      );
    }
  });
}

/** What the audit log tells of a report: its counts and topics. */
export function reportSummary(report: DeliveryReport) {
  const count = (status: 'delivered' | 'failed') =>
    report.deliveries.filter(d => d.status === status).length;
  return {
    deliveries: report.deliveries.length,
    delivered: count('delivered'),
    failed: count('failed'),
    topics: [...new Set(report.deliveries.map(d => d.topicArn))].sort(),
  };
}
