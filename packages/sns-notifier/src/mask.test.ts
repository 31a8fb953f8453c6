import { maskEmail, maskPhone, maskTarget, maskUrl } from './mask';

describe('masking', () => {
  it.each([
    [maskEmail('team-a@example.com'), 't***@example.com'],
    [maskEmail('nonsense'), '***'],
    [
      maskUrl('https://hooks.slack.com/services/T0/B0/secret'),
      'https://hooks.slack.com/***',
    ],
    [maskUrl('not a url'), '***'],
    [maskPhone('+4915112345678'), '***78'],
  ])('masks to %s', (masked, expected) => {
    expect(masked).toBe(expected);
  });

  it('masks each kind of target by its address', () => {
    expect([
      maskTarget({ channel: 'email', to: 'ops@example.com' }),
      maskTarget({
        channel: 'slack',
        webhookUrl: 'https://hooks.slack.com/services/a/b/c',
      }),
      maskTarget({
        channel: 'teams',
        webhookUrl: 'https://x.webhook.office.com/webhookb2/s',
        card: 'adaptive',
      }),
      maskTarget({ channel: 'sms', phoneNumber: '+15555550178' }),
    ]).toEqual([
      'o***@example.com',
      'https://hooks.slack.com/***',
      'https://x.webhook.office.com/***',
      '***78',
    ]);
  });
});
