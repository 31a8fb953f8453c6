import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startGatewayBackend } from '../__testUtils__/gatewayBackend';

// Credentials in the environment, as on EKS with IRSA, and STS, CloudTrail
// and SNS out of reach (a regional outage, a missing VPC endpoint): nothing
// listens on port 9 of loopback.
const UNREACHABLE = 'http://127.0.0.1:9';
const AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL_STS: UNREACHABLE,
  AWS_ENDPOINT_URL_CLOUDTRAIL: UNREACHABLE,
  AWS_ENDPOINT_URL_SNS: UNREACHABLE,
};
const saved = Object.fromEntries(
  Object.keys(AWS_ENV).map(k => [k, process.env[k]]),
);
beforeAll(() => Object.assign(process.env, AWS_ENV));
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('the backend with AWS out of reach', () => {
  it('starts with the CloudTrail reader enabled, and every route answers', async () => {
    const { server } = await startGatewayBackend({
      config: {
        admin: { region: 'eu-west-1', accountId: '123456789012' },
        cloudTrail: { enabled: true },
      },
    });
    const as = mockCredentials.user.header('user:default/admin');
    const health = await request(server)
      .get('/api/monitoring-stack/health')
      .set('Authorization', as);
    expect(health.status).toBe(200);
    const tenants = await request(server)
      .get('/api/monitoring-stack/tenants')
      .set('Authorization', as);
    expect(tenants.status).toBe(200);
  });
});
