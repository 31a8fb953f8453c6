import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { startGatewayBackend } from '../__testUtils__/gatewayBackend';

/**
 * One loopback server in place of STS and CloudTrail: while `answering` is
 * false it drops every connection, as an unreachable endpoint does; then it
 * answers like AWS (STS's GetCallerIdentity in its query protocol,
 * CloudTrail's LookupEvents in JSON 1.1, API versions 2011-06-15 and
 * 2013-11-01).
 */
function awsStandIn() {
  const state = { answering: false, lookups: 0 };
  const server: Server = createServer((req, res) => {
    if (!state.answering) {
      req.socket.destroy();
      return;
    }
    const target = req.headers['x-amz-target'];
    req.resume();
    req.on('end', () => {
      if (target === 'CloudTrail_20131101.LookupEvents') {
        state.lookups += 1;
        res.setHeader('Content-Type', 'application/x-amz-json-1.1');
        res.end(JSON.stringify({ Events: [] }));
        return;
      }
      res.setHeader('Content-Type', 'text/xml');
      res.end(
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/backstage</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
      );
    });
  });
  server.listen(0, '127.0.0.1');
  return { server, state };
}

const stand = awsStandIn();
let saved: Record<string, string | undefined> = {};
beforeAll(async () => {
  await new Promise(resolve => stand.server.once('listening', resolve));
  const url = `http://127.0.0.1:${
    (stand.server.address() as AddressInfo).port
  }`;
  // Credentials in the environment, as on EKS with IRSA, and STS, CloudTrail
  // and SNS out of reach (a regional outage, a missing VPC endpoint).
  const env = {
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: url,
    AWS_ENDPOINT_URL_SNS: url,
  };
  saved = Object.fromEntries(Object.keys(env).map(k => [k, process.env[k]]));
  Object.assign(process.env, env);
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  stand.server.close();
});

const as = mockCredentials.user.header('user:default/admin');
const cloudTrailHealth = async (server: any) => {
  const health = await request(server)
    .get('/api/monitoring-stack/health')
    .set('Authorization', as);
  expect(health.status).toBe(200);
  return health.body.components.find((c: any) => c.component === 'cloudtrail');
};

describe('the backend with AWS out of reach', () => {
  it('starts, answers every route, says CloudTrail is down, and recovers by itself once AWS answers', async () => {
    // The scheduler runs the reader on its schedule; here the test says when.
    const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.push(task);
      },
    });
    const nextRun = async () => {
      const reader = tasks.find(
        t => t.id === 'monitoring-stack-cloudtrail-reader',
      )!;
      // A failed run throws, as the scheduler sees it; health tells the rest.
      await Promise.resolve(reader.fn(new AbortController().signal)).catch(
        () => undefined,
      );
    };
    const { server } = await startGatewayBackend({
      features: [scheduler.factory],
      config: {
        admin: { region: 'eu-west-1', accountId: '123456789012' },
        cloudTrail: {
          enabled: true,
        },
      },
    });
    const tenants = await request(server)
      .get('/api/monitoring-stack/tenants')
      .set('Authorization', as);
    expect(tenants.status).toBe(200);

    await nextRun();
    const down = await cloudTrailHealth(server);
    expect(down).toMatchObject({ component: 'cloudtrail', status: 'down' });
    expect(down.detail).toBe(
      'no successful run yet; last run failed: AWS out of reach (TimeoutError)',
    );

    stand.state.answering = true;
    await nextRun();
    // The health answer is cached for 10 s.
    await new Promise(resolve => setTimeout(resolve, 10_500));
    const up = await cloudTrailHealth(server);
    expect(up).toMatchObject({ component: 'cloudtrail', status: 'up' });
    expect(up.detail).toMatch(/^last successful run at [^;]+$/);
    // One lookup of the EKS API and 14 of the stack's own resources.
    expect(stand.state.lookups).toBe(15);
  }, 40_000);
});
