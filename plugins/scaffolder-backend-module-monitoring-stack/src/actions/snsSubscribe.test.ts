import {
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { InputError, NotAllowedError } from '@backstage/errors';
import { mockClient } from 'aws-sdk-client-mock';
import { actionContext } from '../__testUtils__/context';
import { fakeAwsClients } from '../__testUtils__/aws';
import { createTenancy, TOPICS } from '../__testUtils__/tenancy';
import { createSnsSubscribeAction } from './snsSubscribe';

const TOPIC = TOPICS.teamA;
const sns = mockClient(SNSClient);
const regions: string[] = [];
const accounts: (string | undefined)[] = [];
const action = createSnsSubscribeAction({
  authorizer: createTenancy().authorizer,
  awsClients: fakeAwsClients({
    sns: async ({ region, accountId }) => {
      regions.push(region);
      accounts.push(accountId);
      return new SNSClient({ region });
    },
  }),
});
// Without topicArn: the tenant's only topic.
const email = {
  tenantId: 'team-a',
  protocol: 'email',
  endpoint: 'team-a@example.com',
};

beforeEach(() => {
  sns.reset();
  regions.length = 0;
  accounts.length = 0;
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
    // The topic's account: the aws integration picks its credentials.
    expect(accounts).toEqual(['123456789012']);
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
      tenantId: 'team-a',
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

  it('subscribes to the named one of several topics of the tenant', async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({});
    sns.on(SubscribeCommand).resolves({});
    await action.handler(
      actionContext({
        ...email,
        tenantId: 'data-platform',
        topicArn: TOPICS.dataPlatformOncall,
      }).ctx,
    );
    expect(regions).toEqual(['eu-central-1']);
    expect(sns.commandCalls(SubscribeCommand)[0].args[0].input.TopicArn).toBe(
      TOPICS.dataPlatformOncall,
    );
  });

  it.each([
    [
      'data-platform',
      `topicArn: tenant data-platform has several SNS topics; name one of ${TOPICS.dataPlatform}, ${TOPICS.dataPlatformOncall}`,
    ],
    ['ops', 'tenant ops has no SNS topic'],
  ])(
    'needs a topic when tenant %p has not exactly one',
    async (tenantId, message) => {
      const promise = action.handler(actionContext({ ...email, tenantId }).ctx);
      await expect(promise).rejects.toThrow(InputError);
      await expect(promise).rejects.toThrow(message);
      expect(sns.calls()).toHaveLength(0);
    },
  );
});

describe('monitoring-stack:sns:subscribe authorisation', () => {
  it.each([false, true])(
    "refuses a member of team-a subscribing to team-b's topic and calls nothing (dry run: %p)",
    async isDryRun => {
      const { ctx, outputs } = actionContext(
        { ...email, tenantId: 'team-b', topicArn: TOPICS.teamB },
        { isDryRun },
      );
      const promise = action.handler(ctx);
      await expect(promise).rejects.toThrow(NotAllowedError);
      await expect(promise).rejects.toThrow(
        "You may not change tenant 'team-b'",
      );
      expect(sns.calls()).toHaveLength(0);
      expect(outputs).toEqual({});
    },
  );

  it.each([false, true])(
    "refuses another tenant's topic under the user's own tenant (dry run: %p)",
    async isDryRun => {
      const promise = action.handler(
        actionContext({ ...email, topicArn: TOPICS.teamB }, { isDryRun }).ctx,
      );
      await expect(promise).rejects.toThrow(NotAllowedError);
      await expect(promise).rejects.toThrow(
        `${TOPICS.teamB} is not an SNS topic of tenant team-a`,
      );
      expect(sns.calls()).toHaveLength(0);
    },
  );

  it('refuses an unknown tenant like a forbidden one', async () => {
    const promise = action.handler(
      actionContext({ ...email, tenantId: 'team-z', topicArn: TOPIC }).ctx,
    );
    await expect(promise).rejects.toThrow(NotAllowedError);
    await expect(promise).rejects.toThrow("You may not change tenant 'team-z'");
    expect(sns.calls()).toHaveLength(0);
  });

  it("lets an admin subscribe to team-b's topic", async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({});
    sns.on(SubscribeCommand).resolves({});
    await action.handler(
      actionContext({ ...email, tenantId: 'team-b' }, { as: 'admin' }).ctx,
    );
    expect(sns.commandCalls(SubscribeCommand)[0].args[0].input.TopicArn).toBe(
      TOPICS.teamB,
    );
  });
});
