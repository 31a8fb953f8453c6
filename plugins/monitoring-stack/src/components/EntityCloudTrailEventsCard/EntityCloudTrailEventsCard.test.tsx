import { CloudTrailEventsResponse } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { screen, within } from '@testing-library/react';
import {
  adminEntity,
  mockMonitoringStackApi,
  renderWithEntity,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { sharedCardStates } from '../../__testUtils__/cardStates';
import { EntityCloudTrailEventsCard } from './EntityCloudTrailEventsCard';

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

const response: CloudTrailEventsResponse = {
  events: [
    {
      eventId: 'e1',
      eventSource: 'eks.amazonaws.com',
      eventName: 'DeleteNodegroup',
      eventTime: minutesAgo(5),
      username: 'arn:aws:iam::123456789012:user/mallory',
      sourceIp: '203.0.113.7',
      errorCode: 'AccessDenied',
      resources: ['eks-shared', 'ng-1'],
      notified: true,
    },
    {
      eventId: 'e2',
      eventSource: 'eks.amazonaws.com',
      eventName: 'DescribeCluster',
      eventTime: minutesAgo(90),
      username: 'ci-bot',
      sourceIp: '10.0.0.4',
      resources: ['eks-shared'],
      notified: false,
    },
    {
      eventId: 's1',
      eventSource: 's3.amazonaws.com',
      eventName: 'DeleteBucketLifecycle',
      eventTime: minutesAgo(30),
      username: 'mallory',
      sourceIp: '198.51.100.9',
      resources: ['eks-shared-loki-logs'],
      notified: true,
    },
  ],
  lastRunAt: minutesAgo(1),
};

describe('EntityCloudTrailEventsCard', () => {
  it('shows progress while loading', async () => {
    const api = mockMonitoringStackApi();
    await renderWithEntity(<EntityCloudTrailEventsCard />, api, adminEntity);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('lists who did what, when, from where, and highlights notified events', async () => {
    const api = mockMonitoringStackApi();
    api.getCloudTrailEvents.mockResolvedValue(response);
    await renderWithEntity(<EntityCloudTrailEventsCard />, api, adminEntity);

    const row = (await screen.findByText('DeleteNodegroup')).closest('tr')!;
    expect(
      within(row).getByText('arn:aws:iam::123456789012:user/mallory'),
    ).toBeInTheDocument();
    expect(within(row).getByText('203.0.113.7')).toBeInTheDocument();
    expect(within(row).getByText('AccessDenied')).toBeInTheDocument();
    expect(within(row).getByText('eks-shared, ng-1')).toBeInTheDocument();
    expect(within(row).getByText('5 minutes ago')).toBeInTheDocument();
    expect(within(row).getByText('notified')).toBeInTheDocument();
    expect(within(row).getByText('eks')).toBeInTheDocument();
    expect(row).toHaveStyle({ backgroundColor: 'rgba(255, 193, 7, 0.15)' });

    const quiet = screen.getByText('DescribeCluster').closest('tr')!;
    expect(within(quiet).queryByText('notified')).not.toBeInTheDocument();
    expect(quiet).not.toHaveStyle({
      backgroundColor: 'rgba(255, 193, 7, 0.15)',
    });
    expect(
      screen.getByText('CloudTrail, read 1 minute ago'),
    ).toBeInTheDocument();
  });

  it("shows the source, resource and actor of a call on the stack's own resources", async () => {
    const api = mockMonitoringStackApi();
    api.getCloudTrailEvents.mockResolvedValue(response);
    await renderWithEntity(<EntityCloudTrailEventsCard />, api, adminEntity);

    const row = (await screen.findByText('DeleteBucketLifecycle')).closest(
      'tr',
    )!;
    const source = within(row).getByText('s3');
    expect(source.closest('[title]')).toHaveAttribute(
      'title',
      's3.amazonaws.com',
    );
    expect(within(row).getByText('eks-shared-loki-logs')).toBeInTheDocument();
    expect(within(row).getByText('mallory')).toBeInTheDocument();
    expect(within(row).getByText('notified')).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Source' }),
    ).toBeInTheDocument();
  });

  it('says when no events were read yet', async () => {
    const api = mockMonitoringStackApi();
    api.getCloudTrailEvents.mockResolvedValue({ events: [] });
    await renderWithEntity(<EntityCloudTrailEventsCard />, api, adminEntity);
    expect(
      await screen.findByText('No CloudTrail events have been read yet.'),
    ).toBeInTheDocument();
  });

  it('does not read events for a tenant entity', async () => {
    const api = mockMonitoringStackApi();
    await renderWithEntity(<EntityCloudTrailEventsCard />, api, tenantEntity);
    expect(
      screen.getByText(/CloudTrail events belong to the admin stack/),
    ).toBeInTheDocument();
    expect(api.getCloudTrailEvents).not.toHaveBeenCalled();
  });

  it.each(
    sharedCardStates(<EntityCloudTrailEventsCard />, 'getCloudTrailEvents', {
      entity: adminEntity,
      forbiddenMessage:
        'Only monitoring-stack admins may see CloudTrail events.',
    }),
  )('%s', async (_name, check) => {
    expect.hasAssertions();
    await check();
  });
});
