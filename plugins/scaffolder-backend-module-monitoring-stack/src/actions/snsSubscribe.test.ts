import {
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { actionContext } from '../__testUtils__/context';
import { createSnsSubscribeAction } from './snsSubscribe';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts';
const sns = mockClient(SNSClient);
const regions: string[] = [];
const action = createSnsSubscribeAction({
  clientFor: region => {
    regions.push(region);
    return new SNSClient({ region });
  },
});
const email = {
  topicArn: TOPIC,
  protocol: 'email',
  endpoint: 'team-a@example.com',
};

beforeEach(() => {
  sns.reset();
  regions.length = 0;
});

describe('monitoring-stack:sns:subscribe', () => {
  it('subscribes a new endpoint in the region of the topic', async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    sns
      .on(SubscribeCommand)
      .resolves({ SubscriptionArn: 'pending confirmation' });
    const { ctx, outputs, logLines } = actionContext(email);
    await action.handler(ctx);
    expect(regions).toEqual(['eu-west-1']);
    expect(sns.commandCalls(SubscribeCommand)[0].args[0].input).toEqual({
      TopicArn: TOPIC,
      Protocol: 'email',
      Endpoint: 'team-a@example.com',
    });
    expect(outputs).toEqual({
      subscriptionArn: 'pending confirmation',
      pendingConfirmation: true,
      created: true,
    });
    expect(logLines().join('\n')).toContain(
      'Subscribed email t***@example.com',
    );
    expect(logLines().join('\n')).not.toContain('team-a@example.com');
  });

  it('returns the ARN of an SMS subscription, which needs no confirmation', async () => {
    const arn = `${TOPIC}:0f3c2a1e-1111-2222-3333-444455556666`;
    sns.on(ListSubscriptionsByTopicCommand).resolves({});
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: arn });
    const { ctx, outputs } = actionContext({
      topicArn: TOPIC,
      protocol: 'sms',
      endpoint: '+4915112345678',
    });
    await action.handler(ctx);
    expect(outputs).toEqual({
      subscriptionArn: arn,
      pendingConfirmation: false,
      created: true,
    });
  });

  it('finds an existing subscription on a later page and subscribes nothing', async () => {
    const arn = `${TOPIC}:aaaa`;
    sns
      .on(ListSubscriptionsByTopicCommand, {
        TopicArn: TOPIC,
        NextToken: undefined,
      })
      .resolves({
        Subscriptions: [{ Protocol: 'email', Endpoint: 'other@example.com' }],
        NextToken: 'p2',
      })
      .on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC, NextToken: 'p2' })
      .resolves({
        Subscriptions: [
          {
            Protocol: 'email',
            Endpoint: 'team-a@example.com',
            SubscriptionArn: arn,
          },
        ],
      });
    const { ctx, outputs } = actionContext(email);
    await action.handler(ctx);
    expect(sns.commandCalls(ListSubscriptionsByTopicCommand)).toHaveLength(2);
    expect(sns.commandCalls(SubscribeCommand)).toHaveLength(0);
    expect(outputs).toEqual({
      subscriptionArn: arn,
      pendingConfirmation: false,
      created: false,
    });
  });

  it('reports a subscription still waiting for confirmation as pending', async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        {
          Protocol: 'email',
          Endpoint: 'team-a@example.com',
          SubscriptionArn: 'PendingConfirmation',
        },
      ],
    });
    const { ctx, outputs } = actionContext(email);
    await action.handler(ctx);
    expect(outputs).toEqual({
      subscriptionArn: 'pending confirmation',
      pendingConfirmation: true,
      created: false,
    });
  });

  it('calls no AWS API in a dry run', async () => {
    const { ctx, outputs, logLines } = actionContext(email, { isDryRun: true });
    await action.handler(ctx);
    expect(sns.calls()).toHaveLength(0);
    expect(outputs.created).toBe(false);
    expect(logLines()).toEqual([
      `Dry run: would subscribe email t***@example.com to ${TOPIC}`,
    ]);
  });

  it.each([
    [
      { protocol: 'https', endpoint: 'http://hooks.example.com' },
      'an https subscription needs an https:// URL',
    ],
    [
      { protocol: 'sms', endpoint: '015112345678' },
      'an sms subscription needs an E.164 number',
    ],
  ])('refuses a mismatched endpoint: %p', async (override, message) => {
    await expect(
      action.handler(actionContext({ ...email, ...override }).ctx),
    ).rejects.toThrow(message);
    expect(sns.calls()).toHaveLength(0);
  });

  it('passes an SNS failure on', async () => {
    sns
      .on(ListSubscriptionsByTopicCommand)
      .rejects(new Error('AuthorizationError: not authorised'));
    await expect(action.handler(actionContext(email).ctx)).rejects.toThrow(
      'not authorised',
    );
  });
});
