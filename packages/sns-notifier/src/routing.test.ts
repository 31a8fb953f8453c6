import { testConfig } from './__fixtures__';
import { routeFor, tenantOfTopic } from './routing';

const config = testConfig();
const TEAM_A_TOPIC = 'arn:aws:sns:eu-central-1:111122223333:team-a-alerts';
const TEAM_B_LOGS_TOPIC = 'arn:aws:sns:eu-west-1:111122223333:team-b-logs';
const ADMIN_TOPIC = 'arn:aws:sns:eu-central-1:111122223333:monitoring-alerts';

describe('tenantOfTopic', () => {
  it.each([
    [TEAM_A_TOPIC, 'team-a'],
    [TEAM_B_LOGS_TOPIC, 'team-b'],
    [ADMIN_TOPIC, '*'],
    // Same name in another account or region: another topic.
    ['arn:aws:sns:eu-central-1:999999999999:team-a-alerts', '*'],
    ['arn:aws:sns:us-east-1:111122223333:team-a-alerts', '*'],
    ['', '*'],
  ])('finds the tenant that owns %j', (topicArn, tenant) => {
    expect(tenantOfTopic(topicArn, config)).toBe(tenant);
  });
});

describe('routeFor', () => {
  it("sends a critical alert to every channel of the topic's tenant", () => {
    const route = routeFor(TEAM_A_TOPIC, 'critical', config);

    expect(route).toEqual({
      tenant: 'team-a',
      targets: [
        { channel: 'email', to: 'team-a-oncall@example.com' },
        {
          channel: 'slack',
          webhookUrl:
            'https://hooks.slack.com/services/T000TEAMA/B000TEAMA/teamasecret',
        },
        {
          channel: 'teams',
          webhookUrl:
            'https://example.webhook.office.com/webhookb2/team-a-secret',
          card: 'messageCard',
        },
        { channel: 'sms', phoneNumber: '+4915112345678' },
      ],
    });
  });

  it('leaves out targets whose severity filter excludes the alert', () => {
    const route = routeFor(TEAM_A_TOPIC, 'info', config);

    expect(route.targets.map(t => t.channel)).toEqual(['slack']);
  });

  it('sends notifications of unknown severity to every target', () => {
    const route = routeFor(TEAM_A_TOPIC, undefined, config);

    expect(route.targets.map(t => t.channel)).toEqual([
      'email',
      'slack',
      'teams',
      'sms',
    ]);
  });

  it('sends a notification from a topic no tenant owns to the admin route', () => {
    const route = routeFor(ADMIN_TOPIC, 'warning', config);

    expect(route).toEqual({
      tenant: '*',
      targets: [
        { channel: 'email', to: 'platform-admins@example.com' },
        {
          channel: 'slack',
          webhookUrl:
            'https://hooks.slack.com/services/T000ADMIN/B000ADMIN/adminsecret',
        },
      ],
    });
  });

  it('pages admins by SMS for critical events on an admin topic', () => {
    const route = routeFor(ADMIN_TOPIC, 'critical', config);

    expect(route.targets).toContainEqual({
      channel: 'sms',
      phoneNumber: '+4915100000099',
    });
  });
});
