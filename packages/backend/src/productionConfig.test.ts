import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The configuration production runs, merged by Backstage's own CLI the way
 * the backend merges it: app-config.yaml, then app-config.production.yaml,
 * with every address from the environment.
 */

const ROOT = resolve(__dirname, '../../..');
const ENV = {
  APP_BASE_URL: 'https://portal.example.com',
  BACKEND_BASE_URL: 'https://portal.example.com',
  POSTGRES_HOST: 'db.example.internal',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backstage',
  POSTGRES_PASSWORD: 'secret',
  AUTH_OIDC_METADATA_URL:
    'https://login.example.com/.well-known/openid-configuration',
  AUTH_OIDC_CLIENT_ID: 'portal',
  AUTH_OIDC_CLIENT_SECRET: 'secret',
  MONITORING_STACK_THANOS_QUERY_URL: 'http://thanos-query.monitoring.svc:9090',
  MONITORING_STACK_ALERTMANAGER_URL: 'http://alertmanager.monitoring.svc:9093',
  MONITORING_STACK_LOKI_URL: 'http://loki-gateway.monitoring.svc:80',
  GRAFANA_URL: 'https://grafana.platform.example.org',
};

async function printConfig(files: string[], env: Record<string, string>) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      require.resolve('@backstage/cli/bin/backstage-cli'),
      'config:print',
      '--format',
      'json',
      ...files.flatMap(f => ['--config', resolve(ROOT, f)]),
    ],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', ...env },
      maxBuffer: 10 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout);
}

const PRODUCTION = ['app-config.yaml', 'app-config.production.yaml'];

describe('the shipped production configuration', () => {
  jest.setTimeout(60_000);
  let config: any;
  beforeAll(async () => {
    config = await printConfig(PRODUCTION, ENV);
  });

  it('has no guest sign-in, no example org and no local address', () => {
    expect(Object.keys(config.auth.providers)).toEqual(['oidc']);
    expect(config.auth.environment).toBe('production');
    const targets = config.catalog.locations.map(
      (l: { target: string }) => l.target,
    );
    expect(targets.filter((t: string) => t.includes('examples/'))).toEqual([]);
    expect(config.monitoringStack.tenants).toBeUndefined();
    expect(config.proxy).toBeUndefined();
    const text = JSON.stringify(config);
    expect(text).not.toMatch(/localhost|127\.0\.0\.1|\[::1\]|guest/);
  });

  it('takes every base URL from the environment', () => {
    expect(config.app.baseUrl).toBe(ENV.APP_BASE_URL);
    expect(config.backend.baseUrl).toBe(ENV.BACKEND_BASE_URL);
    expect(config.backend.cors.origin).toBe(ENV.APP_BASE_URL);
    expect(config.monitoringStack.upstreams.thanosQuery.url).toBe(
      ENV.MONITORING_STACK_THANOS_QUERY_URL,
    );
  });

  it('keeps guest sign-in and the examples in the local demo only', async () => {
    const demo = await printConfig(
      ['app-config.yaml', 'app-config.development.yaml'],
      {},
    );
    expect(demo.auth.providers.guest).toBeDefined();
    expect(
      demo.catalog.locations.map((l: { target: string }) => l.target),
    ).toContain('../../examples/org.yaml');
  });
});
