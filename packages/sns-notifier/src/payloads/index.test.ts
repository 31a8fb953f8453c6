import { readFixture } from '../__fixtures__';
import { notificationsFromMessage } from '.';

const parse = (message: string, subject?: string) =>
  notificationsFromMessage(message, subject);

describe('notificationsFromMessage', () => {
  it('splits an Alertmanager webhook by severity, never by tenant label', () => {
    const notifications = parse(readFixture('alertmanager-webhook.json'));

    expect(
      notifications.map(n => [n.source, n.severity, n.title, n.labelTenants]),
    ).toEqual([
      [
        'alertmanager',
        'critical',
        '[FIRING:2] HighErrorRate, NodeDiskFull (critical)',
        ['team-a'],
      ],
      ['alertmanager', 'warning', '[RESOLVED:1] PodCrashLooping (warning)', []],
    ]);
    expect(notifications[0]).not.toHaveProperty('tenant');
    expect(notifications[0].details[0]).toBe(
      'FIRING HighErrorRate: 5xx ratio above 5% for api [namespace=team-a-prod, service=api] (since 2024-05-14T09:58:00.000Z)',
    );
    expect(notifications[0].details[1]).toBe(
      'FIRING NodeDiskFull: Root disk 97% full [instance=ip-10-0-3-17.eu-central-1.compute.internal] (since 2024-05-14T09:50:00.000Z)',
    );
    expect(notifications[1].details[0]).toBe(
      'RESOLVED PodCrashLooping: Pod worker-7d9f8-x2x4k is crash looping [namespace=team-a-prod, pod=worker-7d9f8-x2x4k] (resolved at 2024-05-14T09:55:30.000Z)',
    );
    expect(notifications[0].link).toMatch(
      /^http:\/\/prometheus\.example\.com\/graph\?g0\.expr=/,
    );
  });

  it('recognises a Loki ruler alert and shows its LogQL query', () => {
    const [notification] = parse(readFixture('loki-ruler-alert.json'));

    expect(notification).toMatchObject({
      source: 'loki',
      severity: 'warning',
      title: '[FIRING:1] [Loki] CheckoutErrorLogsHigh (warning)',
    });
    expect(notification.details).toContain(
      '  LogQL: sum by (namespace) (rate({namespace="team-b-prod", app="checkout"} |= "error" [5m])) > 10',
    );
  });

  it('notes alerts that Alertmanager truncated', () => {
    const payload = JSON.parse(readFixture('loki-ruler-alert.json'));
    payload.truncatedAlerts = 7;

    const [notification] = parse(JSON.stringify(payload));

    expect(notification.details.at(-1)).toBe(
      '… and 7 more alerts truncated by Alertmanager',
    );
  });

  it.each([
    ['a raw CloudTrail event', 'cloudtrail-eks-delete-cluster.json'],
    [
      'an EventBridge-wrapped CloudTrail event',
      'eventbridge-eks-delete-cluster.json',
    ],
  ])('turns %s into an admin notification', (_, fixture) => {
    const notifications = parse(readFixture(fixture));

    expect(notifications).toEqual([
      {
        source: 'cloudtrail',
        severity: 'critical',
        title:
          'CloudTrail: DeleteCluster on eks.amazonaws.com by arn:aws:sts::111122223333:assumed-role/PlatformAdmin/jane.doe',
        details: [
          'Time: 2024-05-14T09:21:33Z',
          'Actor: arn:aws:sts::111122223333:assumed-role/PlatformAdmin/jane.doe',
          'Source IP: 203.0.113.10',
          'Region: eu-central-1',
          'Account: 111122223333',
          'Request: {"name":"team-a-prod"}',
          'Event ID: e1d2c3b4-a5f6-4789-8abc-def012345678',
        ],
        link: 'https://eu-central-1.console.aws.amazon.com/cloudtrail/home?region=eu-central-1#/events/e1d2c3b4-a5f6-4789-8abc-def012345678',
      },
    ]);
  });

  it("turns the backend's CloudTrail notification into an admin notification", () => {
    const [notification] = parse(readFixture('backend-cloudtrail.json'));

    expect(notification).toEqual({
      source: 'backend-cloudtrail',
      severity: 'warning',
      title:
        'CloudTrail: UpdateClusterConfig on cluster team-b-prod by arn:aws:sts::111122223333:assumed-role/CIDeployer/gitlab-runner',
      details: [
        'Time: 2024-05-14T11:07:45Z',
        'User: arn:aws:sts::111122223333:assumed-role/CIDeployer/gitlab-runner',
        'Source IP: 198.51.100.23',
        'Error: AccessDenied',
        'Resources: arn:aws:eks:eu-central-1:111122223333:cluster/team-b-prod',
        'Event ID: 0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f',
      ],
    });
  });

  it('forwards plain text with the SNS subject as title', () => {
    const notifications = parse(readFixture('plain-text.txt'), 'Backup failed');

    expect(notifications).toEqual([
      {
        source: 'text',
        title: 'Backup failed',
        details: [
          'Backup job nightly-etcd failed on bastion-1',
          'exit code 2: snapshot upload timed out',
          '',
        ],
      },
    ]);
  });

  it('forwards JSON of an unknown shape as text instead of dropping it', () => {
    const message = JSON.stringify({ version: '4', alerts: 'not a list' });

    const [notification] = parse(message);

    expect(notification).toMatchObject({ source: 'text', title: message });
  });

  it('uses the first line as title when there is no subject', () => {
    const [notification] = parse(readFixture('plain-text.txt'));

    expect(notification.title).toBe(
      'Backup job nightly-etcd failed on bastion-1',
    );
  });
});
