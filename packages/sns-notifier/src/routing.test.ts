import { testConfig } from './__fixtures__';
import type { Notification } from './notification';
import { routeFor, tenantOf } from './routing';

const config = testConfig();
const notification = (fields: Partial<Notification>): Notification => ({
  source: 'alertmanager',
  title: 'title',
  details: [],
  ...fields,
});

describe('tenantOf', () => {
  it.each([
    [{ tenant: 'team-a', namespace: 'team-b-prod' }, 'team-a'],
    [{ tenant_id: 'team-b' }, 'team-b'],
    [{ namespace: 'team-b-prod' }, 'team-b'],
    [{ namespace: 'kube-system' }, undefined],
    [{ alertname: 'Watchdog' }, undefined],
  ])('finds the tenant of %j', (labels, tenant) => {
    expect(tenantOf(labels, config)).toBe(tenant);
  });
});

describe('routeFor', () => {
  it("sends a critical alert to every channel of the tenant's route", () => {
    const route = routeFor(
      notification({ tenant: 'team-a', severity: 'critical' }),
      config,
    );

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
    const route = routeFor(
      notification({ tenant: 'team-a', severity: 'info' }),
      config,
    );

    expect(route.targets.map(t => t.channel)).toEqual(['slack']);
  });

  it('sends notifications of unknown severity to every target', () => {
    const route = routeFor(notification({ tenant: 'team-a' }), config);

    expect(route.targets.map(t => t.channel)).toEqual([
      'email',
      'slack',
      'teams',
      'sms',
    ]);
  });

  it.each([
    ['no tenant', undefined],
    ['a tenant missing from the config', 'team-z'],
    ['an inherited property name', 'constructor'],
  ])('sends a notification with %s to the admin route', (_, tenant) => {
    const route = routeFor(
      notification({ tenant, severity: 'warning' }),
      config,
    );

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

  it('pages admins by SMS for critical CloudTrail events', () => {
    const route = routeFor(
      notification({ source: 'cloudtrail', severity: 'critical' }),
      config,
    );

    expect(route.targets).toContainEqual({
      channel: 'sms',
      phoneNumber: '+4915100000099',
    });
  });
});
