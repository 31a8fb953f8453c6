import {
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import yaml from 'yaml';
import { actionContext } from '../__testUtils__/context';
import { fakeAwsClients } from '../__testUtils__/aws';
import { createTenancy, TOPICS } from '../__testUtils__/tenancy';
import { createSnsSubscribeAction } from './snsSubscribe';
import { examples } from './snsSubscribe.examples';

describe('sns:subscribe examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const sns = mockClient(SNSClient);
      sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
      sns
        .on(SubscribeCommand)
        .resolves({ SubscriptionArn: 'pending confirmation' });
      const { input } = yaml.parse(example).steps[0];
      const { ctx, outputs } = actionContext(input);
      await createSnsSubscribeAction({
        authorizer: createTenancy().authorizer,
        awsClients: fakeAwsClients({
          sns: async ({ region }) => new SNSClient({ region }),
        }),
      }).handler(ctx);
      expect(sns.commandCalls(SubscribeCommand)[0].args[0].input).toMatchObject(
        { TopicArn: input.topicArn ?? TOPICS.teamA },
      );
      expect(outputs.created).toBe(true);
      sns.restore();
    },
  );
});
