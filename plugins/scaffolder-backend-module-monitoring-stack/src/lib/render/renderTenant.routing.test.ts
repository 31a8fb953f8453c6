import {
  parseTenant,
  Tenant,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { SHARED_RECEIVER, tenantReceiver } from './alertmanagerRoute';
import { renderTenantFiles } from './renderTenant';
import { TEST_RENDER_SETTINGS } from '../../testUtils';
import { checkWithTool } from './validate/tools';

const run = promisify(execFile);

const settings = TEST_RENDER_SETTINGS;

const tenant = (id: string, more: Record<string, unknown> = {}) =>
  parseTenant({ id, owner: id, namespaces: { eks: [id] }, ...more });
const teamA = tenant('team-a');
const teamB = tenant('team-b');
const teamC = tenant('team-c', { seriesLabel: 'tenant_id', namespaces: {} });

/**
 * The shared alertmanager.yml with the tenants' parts merged in, in the
 * given order: their routes under the root route, their receivers next to
 * the shared one.
 */
function sharedConfig(tenants: Tenant[]): string {
  const parts = tenants.map(t => {
    const file = renderTenantFiles(t, settings).find(
      f => f.path === 'alertmanager/route.yaml',
    )!;
    return yaml.parse(file.content);
  });
  return yaml.stringify({
    route: {
      receiver: SHARED_RECEIVER,
      routes: parts.flatMap(p => p.route.routes),
    },
    receivers: [
      { name: SHARED_RECEIVER },
      ...parts.flatMap(p =>
        p.receivers.filter((r: { name: string }) => r.name !== SHARED_RECEIVER),
      ),
    ],
  });
}

/** The receivers amtool routes an alert with `labels` to. */
async function routesOf(config: string, labels: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'routes-'));
  try {
    const file = path.join(dir, 'alertmanager.yml');
    await fs.writeFile(file, config);
    const { stdout } = await run('amtool', [
      'config',
      'routes',
      'test',
      `--config.file=${file}`,
      ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
    ]);
    return stdout.trim().split(',');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('the rendered routing tree routes an alert to the tenant that owns it', () => {
  const orders = [
    ['team-b first', [teamB, teamA, teamC]],
    ['team-a first', [teamA, teamC, teamB]],
  ] as const;

  it.each(orders)(
    'amtool accepts the merged tree (%s)',
    async (_order, tenants) => {
      expect(
        await checkWithTool('alertmanager-config', sharedConfig([...tenants])),
      ).toBeUndefined();
    },
  );

  it.each(
    orders.flatMap(([order, tenants]) =>
      [
        [{ tenant_id: 'team-a', namespace: 'team-b' }, 'team-a'],
        [{ tenant_id: 'team-c', namespace: 'team-b' }, 'team-c'],
        [{ tenant_id: 'team-b', namespace: 'team-a' }, 'team-b'],
        [{ namespace: 'team-b' }, 'team-b'],
        [{ tenant_id: 'team-a' }, 'team-a'],
        [{ tenant_id: 'team-x', namespace: 'team-b' }, undefined],
        [{ namespace: 'kube-system' }, undefined],
      ].map(([labels, owner]) => [order, labels, owner, tenants] as const),
    ),
  )('%s: %j goes to %s', async (_order, labels, owner, tenants) => {
    const receivers = await routesOf(sharedConfig([...tenants]), {
      alertname: 'PaymentsDown',
      ...(labels as Record<string, string>),
    });
    expect(receivers).toEqual([
      owner ? tenantReceiver(owner as string) : SHARED_RECEIVER,
    ]);
  });
});
