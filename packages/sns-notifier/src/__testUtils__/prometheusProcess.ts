import { join } from 'node:path';
import { startLoopbackProcess } from './loopbackProcess';

/** Debian's Prometheus; the tests need it and never skip. */
export const PROMETHEUS = '/usr/bin/prometheus';

/**
 * A real Prometheus on loopback that sends its alerts to the Alertmanager at
 * `alertmanagerUrl` (start that first and wait for it: Prometheus re-sends
 * an alert it could not deliver only after `--rules.alert.resend-delay`).
 * `config` is the rest of `prometheus.yml` (scrape jobs); `rules` are the
 * rule files' YAML texts. Scrapes and evaluates every second.
 */
export async function startPrometheus(options: {
  /** One Alertmanager, or every member of a cluster. */
  alertmanagerUrl: string | string[];
  config: Record<string, unknown>;
  rules: string[];
  /** An HA replica's `external_labels`, e.g. `{ replica: 'a' }`. */
  externalLabels?: Record<string, string>;
  /** `alerting.alert_relabel_configs`. */
  alertRelabelConfigs?: unknown[];
}) {
  const alertmanagers = [options.alertmanagerUrl].flat();
  const ruleFiles = Object.fromEntries(
    options.rules.map((text, index) => [`rules-${index}.yaml`, text]),
  );
  const config = {
    global: {
      scrape_interval: '1s',
      scrape_timeout: '1s',
      evaluation_interval: '1s',
      ...(options.externalLabels
        ? { external_labels: options.externalLabels }
        : {}),
    },
    ...options.config,
    rule_files: Object.keys(ruleFiles),
    alerting: {
      ...(options.alertRelabelConfigs
        ? { alert_relabel_configs: options.alertRelabelConfigs }
        : {}),
      alertmanagers: [
        {
          static_configs: [
            { targets: alertmanagers.map(url => new URL(url).host) },
          ],
        },
      ],
    },
  };
  const prometheus = await startLoopbackProcess({
    name: 'prometheus',
    binary: PROMETHEUS,
    // JSON is YAML; rule file paths are relative to the config file.
    files: { 'prometheus.yml': JSON.stringify(config), ...ruleFiles },
    args: (dir, address) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      // The alerts' generatorURL names this server.
      `--web.external-url=http://${address}/`,
      '--rules.alert.resend-delay=1s',
      '--log.level=warn',
    ],
  });
  // Discovery hands Prometheus its Alertmanager some seconds after start;
  // until then alerts have nowhere to go.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { data } = await fetch(`${prometheus.url}/api/v1/alertmanagers`)
      .then(r => r.json())
      .catch(() => ({ data: undefined }));
    if (data?.activeAlertmanagers?.length === alertmanagers.length) {
      return prometheus;
    }
    if (Date.now() > deadline) {
      await prometheus.stop();
      throw new Error(`Prometheus found no Alertmanager: ${prometheus.log()}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
