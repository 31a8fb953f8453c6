import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { postDeliveryReport, type DeliveryReport } from './deliveryReport';

const server = setupServer();
const BACKEND = { url: 'https://backstage.example.com', token: 'static-token' };
const URL_ =
  'https://backstage.example.com/api/monitoring-stack/sns/deliveries';
const report: DeliveryReport = {
  deliveries: [
    {
      messageId: 'm-1',
      topicArn: 'arn:aws:sns:eu-central-1:111122223333:alerts',
      tenant: 'team-a',
      channel: 'slack',
      target: 'https://hooks.slack.com/***',
      status: 'delivered',
      attempts: 1,
      at: '2024-05-14T10:00:00.000Z',
    },
  ],
};
const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => {
  server.resetHandlers();
  jest.clearAllMocks();
});

describe('postDeliveryReport', () => {
  it('posts the report with the bearer token', async () => {
    const received: Array<{ auth: string | null; body: unknown }> = [];
    server.use(
      http.post(URL_, async ({ request }) => {
        received.push({
          auth: request.headers.get('authorization'),
          body: await request.json(),
        });
        return new HttpResponse(null, { status: 204 });
      }),
    );

    await postDeliveryReport(BACKEND, report, logger);

    expect(received).toEqual([{ auth: 'Bearer static-token', body: report }]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('logs a rejected report without the token and does not throw', async () => {
    server.use(http.post(URL_, () => new HttpResponse(null, { status: 401 })));

    await expect(
      postDeliveryReport(BACKEND, report, logger),
    ).resolves.toBeUndefined();

    expect(logger.warn).toHaveBeenCalledWith(
      'delivery report rejected by the backend',
      { status: 401 },
    );
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(
      'static-token',
    );
  });

  it('logs an unreachable backend and does not throw', async () => {
    server.use(http.post(URL_, () => HttpResponse.error()));

    await expect(
      postDeliveryReport(BACKEND, report, logger),
    ).resolves.toBeUndefined();

    expect(logger.warn).toHaveBeenCalledWith(
      'could not post the delivery report',
      expect.anything(),
    );
  });
});
