import { join } from 'node:path';
import { startLoopbackProcess } from './loopbackProcess';

/** Debian's Alertmanager; the tests need it and never skip. */
export const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

/**
 * Where a clustered Alertmanager gossips, and its peers' addresses. Short
 * intervals keep a test's failover in seconds; `peerTimeout` is how long
 * each peer waits per position in the cluster before it notifies itself.
 */
export type AlertmanagerCluster = {
  address: string;
  peers: string[];
  peerTimeout: string;
};

/**
 * A real Alertmanager on loopback running `config` (YAML text), alone
 * (no gossip) or as a member of a cluster.
 */
export async function startAlertmanager(
  config: string,
  cluster?: AlertmanagerCluster,
) {
  return startLoopbackProcess({
    name: 'alertmanager',
    binary: ALERTMANAGER,
    files: { 'alertmanager.yml': config },
    args: (dir, address) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      ...(cluster
        ? [
            `--cluster.listen-address=${cluster.address}`,
            `--cluster.advertise-address=${cluster.address}`,
            ...cluster.peers.map(peer => `--cluster.peer=${peer}`),
            `--cluster.peer-timeout=${cluster.peerTimeout}`,
            '--cluster.gossip-interval=50ms',
            '--cluster.pushpull-interval=1s',
            '--cluster.settle-timeout=2s',
          ]
        : ['--cluster.listen-address=']),
      '--log.level=warn',
    ],
  });
}
