import {
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { maskEndpoint } from '@internal/plugin-monitoring-stack-common';
import { examples } from './snsSubscribe.examples';

const TOPIC_ARN =
  /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}$/;

/**
 * `monitoring-stack:sns:subscribe`: subscribes an email, HTTPS or SMS endpoint
 * to a tenant's SNS topic. Running it again for the same endpoint finds the
 * existing subscription instead of creating a second one.
 */
export function createSnsSubscribeAction(
  options: {
    clientFor?: (region: string) => SNSClient;
  } = {},
) {
  const clientFor =
    options.clientFor ?? ((region: string) => new SNSClient({ region }));
  return createTemplateAction({
    id: 'monitoring-stack:sns:subscribe',
    description:
      "Subscribes an email, HTTPS or SMS endpoint to a tenant's SNS topic; idempotent.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        topicArn: z =>
          z
            .string()
            .regex(TOPIC_ARN, 'must be an SNS topic ARN')
            .describe('The tenant topic'),
        protocol: z =>
          z.enum(['email', 'https', 'sms']).describe('Endpoint protocol'),
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
      const { topicArn, protocol, endpoint } = ctx.input;
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
      const region = TOPIC_ARN.exec(topicArn)![1];
      const client = clientFor(region);
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListSubscriptionsByTopicCommand({
            TopicArn: topicArn,
            NextToken: token,
          }),
        );
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
        token = page.NextToken;
      } while (token);
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
