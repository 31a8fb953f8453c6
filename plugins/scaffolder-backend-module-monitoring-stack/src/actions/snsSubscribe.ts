import {
  paginateListSubscriptionsByTopic,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  isTopicArn,
  maskEndpoint,
  parseTopicArn,
  TenantRef,
  TOPIC_ARN_FORMAT,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  MonitoringStackAwsClients,
  TenantAuthorizer,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { writableTenant } from '../lib/tenantScope';
import { examples } from './snsSubscribe.examples';

/** The topic to subscribe to: one of the tenant's own, named or the only one. */
function tenantTopic(tenant: TenantRef, topicArn: string | undefined): string {
  if (topicArn !== undefined && !tenant.snsTopicArns.includes(topicArn)) {
    throw new NotAllowedError(
      `${topicArn} is not an SNS topic of tenant ${tenant.id}`,
    );
  }
  if (topicArn === undefined && tenant.snsTopicArns.length === 0) {
    throw new InputError(`tenant ${tenant.id} has no SNS topic`);
  }
  if (topicArn === undefined && tenant.snsTopicArns.length > 1) {
    throw new InputError(
      `topicArn: tenant ${
        tenant.id
      } has several SNS topics; name one of ${tenant.snsTopicArns.join(', ')}`,
    );
  }
  return topicArn ?? tenant.snsTopicArns[0];
}

/**
 * `monitoring-stack:sns:subscribe`: subscribes an email, HTTPS or SMS endpoint
 * to one of a tenant's SNS topics. Running it again for the same endpoint
 * finds the existing subscription instead of creating a second one.
 * @public
 */
export function createSnsSubscribeAction(options: {
  authorizer: TenantAuthorizer;
  /** SNS clients with the `aws` integration's credentials of the topic's account. */
  awsClients: MonitoringStackAwsClients;
}) {
  const { authorizer, awsClients } = options;
  return createTemplateAction({
    id: 'monitoring-stack:sns:subscribe',
    description:
      "Subscribes an email, HTTPS or SMS endpoint to a tenant's SNS topic; idempotent.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenantId: z => z.string().describe('Loki/Thanos tenant id'),
        topicArn: z =>
          z
            .string()
            .refine(
              isTopicArn,
              `must be an SNS topic ARN (${TOPIC_ARN_FORMAT})`,
            )
            .optional()
            .describe("One of the tenant's topics; default its only one"),
        protocol: z =>
          z.enum(['email', 'https', 'sms']).describe('Endpoint protocol'),
        // The HTTPS endpoint is the user's choice by design: SNS delivers the
        // tenant's own notifications there, and no token goes with them.
        endpoint: z =>
          z
            .string()
            .min(1)
            .describe('Email address, HTTPS URL or E.164 phone number'),
      },
      output: {
        subscriptionArn: z =>
          z
            .string()
            .describe("The subscription ARN, or 'pending confirmation'"),
        pendingConfirmation: z => z.boolean(),
        created: z =>
          z.boolean().describe('False when the subscription already existed'),
      },
    },
    async handler(ctx) {
      const tenant = await writableTenant(authorizer, ctx.input.tenantId, ctx);
      const topicArn = tenantTopic(tenant, ctx.input.topicArn);
      const { protocol, endpoint } = ctx.input;
      if (protocol === 'https' && !/^https:\/\//.test(endpoint)) {
        throw new InputError(
          `endpoint: an https subscription needs an https:// URL`,
        );
      }
      if (protocol === 'sms' && !/^\+[1-9]\d{6,14}$/.test(endpoint)) {
        throw new InputError(
          'endpoint: an sms subscription needs an E.164 number like +4915112345678',
        );
      }
      const masked = maskEndpoint(endpoint);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would subscribe ${protocol} ${masked} to ${topicArn}`,
        );
        ctx.output('subscriptionArn', 'pending confirmation');
        ctx.output('pendingConfirmation', true);
        ctx.output('created', false);
        return;
      }
      // The catalog module only declares tenants whose ARNs are valid.
      const { region, accountId } = parseTopicArn(topicArn)!;
      const client = await awsClients.sns({ region, accountId });
      for await (const page of paginateListSubscriptionsByTopic(
        { client },
        { TopicArn: topicArn },
      )) {
        const existing = page.Subscriptions?.find(
          s => s.Protocol === protocol && s.Endpoint === endpoint,
        );
        if (existing) {
          const pending = existing.SubscriptionArn === 'PendingConfirmation';
          ctx.logger.info(
            `${protocol} ${masked} is already subscribed to ${topicArn}`,
          );
          ctx.output(
            'subscriptionArn',
            pending ? 'pending confirmation' : existing.SubscriptionArn!,
          );
          ctx.output('pendingConfirmation', pending);
          ctx.output('created', false);
          return;
        }
      }
      const result = await client.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: protocol,
          Endpoint: endpoint,
        }),
      );
      // Without ReturnSubscriptionArn, SNS answers 'pending confirmation' until
      // an email or HTTPS endpoint confirms; SMS needs no confirmation.
      const arn = result.SubscriptionArn ?? 'pending confirmation';
      const pending = arn === 'pending confirmation';
      ctx.logger.info(`Subscribed ${protocol} ${masked} to ${topicArn}`);
      ctx.output('subscriptionArn', pending ? 'pending confirmation' : arn);
      ctx.output('pendingConfirmation', pending);
      ctx.output('created', true);
    },
  });
}
