import { SnsDeliveryResponse } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { screen, within } from '@testing-library/react';
import {
  mockMonitoringStackApi,
  renderWithEntity,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { sharedCardStates } from '../../__testUtils__/cardStates';
import { EntitySnsDeliveryCard } from './EntitySnsDeliveryCard';

const topicArn = 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts';
const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3_600_000).toISOString();

const response: SnsDeliveryResponse = {
  tenant: 'team-a',
  windowHours: 24,
  topics: [
    {
      topicArn,
      subscriptions: [
        {
          subscriptionArn: `${topicArn}:1`,
          protocol: 'email',
          endpoint: 't***@example.com',
          pendingConfirmation: false,
        },
        {
          protocol: 'https',
          endpoint: 'https://hooks.example.com/***',
          pendingConfirmation: true,
        },
      ],
      counts: { published: 12, delivered: 10, failed: 2, filteredOut: 0 },
      series: [
        { at: hoursAgo(3), delivered: 4, failed: 0 },
        { at: hoursAgo(2), delivered: 3, failed: 1 },
        { at: hoursAgo(1), delivered: 3, failed: 1 },
      ],
      failures: [
        {
          at: hoursAgo(1),
          endpoint: 'https://hooks.example.com/***',
          statusCode: 503,
          reason: 'Endpoint unavailable',
        },
      ],
      errors: ['Delivery status logs: AccessDeniedException'],
    },
  ],
  received: [],
  deliveries: [
    {
      messageId: 'm1',
      topicArn,
      tenant: 'team-a',
      channel: 'slack',
      target: '#te***',
      status: 'failed',
      attempts: 3,
      error: 'channel_not_found',
      at: hoursAgo(2),
    },
    {
      messageId: 'm2',
      topicArn,
      tenant: 'team-a',
      channel: 'email',
      target: 't***@example.com',
      status: 'delivered',
      attempts: 1,
      at: hoursAgo(1),
    },
  ],
};

describe('EntitySnsDeliveryCard', () => {
  it('shows progress while loading, for a 24 hour window', async () => {
    const api = mockMonitoringStackApi();
    await renderWithEntity(<EntitySnsDeliveryCard />, api, tenantEntity);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(api.getSnsDelivery).toHaveBeenCalledWith('team-a', 24);
  });

  it('shows counts, the chart, subscriptions, failures and notifier deliveries', async () => {
    const api = mockMonitoringStackApi();
    api.getSnsDelivery.mockResolvedValue(response);
    await renderWithEntity(
      <EntitySnsDeliveryCard windowHours={6} />,
      api,
      tenantEntity,
    );

    expect(await screen.findByText('team-a-alerts')).toBeInTheDocument();
    expect(api.getSnsDelivery).toHaveBeenCalledWith('team-a', 6);
    expect(
      screen.getByText(
        '12 published · 10 delivered · 2 failed · 0 filtered out',
      ),
    ).toBeInTheDocument();

    const chart = screen.getByRole('figure', {
      name: 'Delivered and failed notifications of team-a-alerts',
    });
    // One bar per point and series; recharts leaves out bars of height 0.
    expect(chart.querySelectorAll('.recharts-bar-rectangle path')).toHaveLength(
      5,
    );

    expect(screen.getByText('email t***@example.com')).toBeInTheDocument();
    expect(screen.getByText('pending confirmation')).toBeInTheDocument();
    expect(screen.getByText('confirmed')).toBeInTheDocument();
    expect(screen.getByText('Endpoint unavailable')).toBeInTheDocument();
    expect(screen.getByText(/HTTP 503/)).toBeInTheDocument();
    expect(
      screen.getByText('Delivery status logs: AccessDeniedException'),
    ).toBeInTheDocument();

    const slackRow = screen.getByText('#te***').closest('tr')!;
    expect(within(slackRow).getByText('failed')).toBeInTheDocument();
    expect(within(slackRow).getByText('channel_not_found')).toBeInTheDocument();
  });

  it('says once that AWS is not configured, naming what to configure, instead of a banner per topic and part', async () => {
    const api = mockMonitoringStackApi();
    const otherArn = 'arn:aws:sns:eu-west-1:123456789012:team-a-pages';
    const unread = (arn: string) => ({
      topicArn: arn,
      subscriptions: [],
      series: [],
      failures: [],
      errors: [],
    });
    api.getSnsDelivery.mockResolvedValue({
      ...response,
      topics: [unread(topicArn), unread(otherArn)],
      aws: {
        reason: 'not-configured',
        message:
          'No AWS credentials for account 123456789012: configure aws.mainAccount or aws.accounts in app-config',
        topicArns: [topicArn, otherArn],
      },
    });
    await renderWithEntity(<EntitySnsDeliveryCard />, api, tenantEntity);

    expect(
      await screen.findByText('AWS is not configured'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/aws\.mainAccount/)).toHaveLength(1);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByText('team-a-alerts')).toBeInTheDocument();
    expect(screen.getByText('team-a-pages')).toBeInTheDocument();
    expect(screen.getAllByText('Not read from AWS.')).toHaveLength(2);
    // Nothing of AWS is claimed: no "No subscriptions." for a topic not read.
    expect(screen.queryByText('No subscriptions.')).not.toBeInTheDocument();
    // What the portal itself knows still shows.
    expect(screen.getByText('channel_not_found')).toBeInTheDocument();
  });

  it('says when the tenant has no topics', async () => {
    const api = mockMonitoringStackApi();
    api.getSnsDelivery.mockResolvedValue({
      ...response,
      topics: [],
      deliveries: [],
    });
    await renderWithEntity(<EntitySnsDeliveryCard />, api, tenantEntity);
    expect(
      await screen.findByText(
        "No SNS topic carries this tenant's notifications.",
      ),
    ).toBeInTheDocument();
  });

  it.each(sharedCardStates(<EntitySnsDeliveryCard />, 'getSnsDelivery'))(
    '%s',
    async (_name, check) => {
      expect.hasAssertions();
      await check();
    },
  );
});
