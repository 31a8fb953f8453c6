import { join } from 'node:path';
import { startLoopbackProcess } from './loopbackProcess';

/** Debian's Alertmanager; the tests need it and never skip. */
export const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

/** A real Alertmanager on loopback running `config` (YAML text), without gossip. */
export async function startAlertmanager(config: string) {
  return startLoopbackProcess({
    name: 'alertmanager',
    binary: ALERTMANAGER,
    files: { 'alertmanager.yml': config },
    args: (dir, address) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
  });
}
