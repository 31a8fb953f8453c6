import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import yaml from 'yaml';
import { startAlertmanager } from './__testUtils__/alertmanagerProcess';
import { freePort, LoopbackProcess } from './__testUtils__/loopbackProcess';
import { startPrometheus } from './__testUtils__/prometheusProcess';
import {
  renderedStackFile,
  sharedAlertmanagerConfig,
} from './__testUtils__/renderedStack';
import { ScrapeTargets } from './__testUtils__/scrapeTargets';
import { SnsPublishStandIn } from './__testUtils__/snsPublishStandIn';

/*
 * The alert side of the rendered redundant stack, on real processes: two
 * Prometheus replicas (the rendered replica label, which the rendered
 * alert relabelling drops from the alerts they send) evaluate the same rule
 * and the rendered Watchdog, and send to every member of an Alertmanager
 * cluster of three (Debian's 0.25, gossiping on loopback) running the
 * rendered alertmanager.yml. The cluster must publish one notification per
 * alert group to the SNS stand-in, and still one once an Alertmanager and a
 * Prometheus are killed; the heartbeat keeps arriving.
 */

jest.setTimeout(90_000);

const AWS = {
  accountId: '123456789012',
  accessKeyId: 'AKIAHATEST',
  secretAccessKey: 'ha-secret',
  region: 'eu-west-1',
};
const TEAM_A = parseTenant({
  id: 'team-a',
  owner: 'team-a',
  namespaces: { 'eks-shared': ['team-a'] },
});
/** The rendered prometheus.yml: its replica label and alert relabelling. */
const RENDERED_PROMETHEUS = renderedStackFile(
  [TEAM_A],
  AWS,
  'prometheus/prometheus.yml',
);
/** The replica's external labels, its pod name as Prometheus 3 expands it. */
const externalLabelsOf = (pod: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(RENDERED_PROMETHEUS.global.external_labels).map(
      ([name, value]) => [name, String(value).replace('${POD_NAME}', pod)],
    ),
  );
const WATCHDOG = yaml.stringify(
  renderedStackFile([TEAM_A], AWS, 'prometheus/rules/watchdog.yaml'),
);

/** Each peer waits this long per position in the cluster before notifying itself. */
const PEER_TIMEOUT_MS = 2000;

/** A rule per scrape target: `<Name>Down` fires while the target is down. */
const RULES = yaml.stringify({
  groups: [
    {
      name: 'team-a',
      rules: ['first', 'second'].map(name => ({
        alert: `${name}Down`,
        expr: `up{job="${name}"} == 0`,
        labels: { namespace: 'team-a', severity: 'critical' },
        annotations: { summary: `${name} is down` },
      })),
    },
  ],
});

async function until(what: string, test: () => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe.each([0, 2])(
  'an Alertmanager cluster of three fed by two Prometheus replicas, losing member %i',
  lost => {
    const sns = new SnsPublishStandIn(AWS);
    const targets = new ScrapeTargets();
    let alertmanagers: LoopbackProcess[] = [];
    let prometheuses: LoopbackProcess[] = [];

    const firing = (alert: string) =>
      sns.published.filter(
        m =>
          m.attributes.status === 'firing' &&
          m.subject?.startsWith(`[FIRING] ${alert} `),
      );

    beforeAll(async () => {
      await sns.start();
      await targets.start();
      targets.state.first = { up: true, metrics: 'ok 1\n' };
      targets.state.second = { up: true, metrics: 'ok 1\n' };
      const config = sharedAlertmanagerConfig([TEAM_A], AWS, sns.url);
      const gossip: string[] = [];
      for (let i = 0; i < 3; i++) gossip.push(`127.0.0.1:${await freePort()}`);
      alertmanagers = await Promise.all(
        gossip.map(address =>
          startAlertmanager(config, {
            address,
            peers: gossip.filter(peer => peer !== address),
            peerTimeout: `${PEER_TIMEOUT_MS}ms`,
          }),
        ),
      );
      // Both members know each other before anything fires.
      for (const am of alertmanagers) {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const status = await fetch(`${am.url}/api/v2/status`).then(r =>
            r.json(),
          );
          if (status.cluster?.peers?.length === 3) break;
          if (Date.now() > deadline)
            throw new Error(`no cluster: ${JSON.stringify(status.cluster)}`);
          await new Promise(resolve => setTimeout(resolve, 100));
        }
      }
      prometheuses = await Promise.all(
        ['prometheus-0', 'prometheus-1'].map(pod =>
          startPrometheus({
            alertmanagerUrl: alertmanagers.map(am => am.url),
            externalLabels: externalLabelsOf(pod),
            alertRelabelConfigs:
              RENDERED_PROMETHEUS.alerting.alert_relabel_configs,
            config: {
              scrape_configs: ['first', 'second'].map(name => ({
                job_name: name,
                metrics_path: `/${name}`,
                static_configs: [{ targets: [targets.address] }],
              })),
            },
            rules: [RULES, WATCHDOG],
          }),
        ),
      );
    });

    afterAll(async () => {
      await Promise.all([...prometheuses, ...alertmanagers].map(p => p.stop()));
      await targets.stop();
      await sns.stop();
    });

    it('publishes one notification for an alert both replicas send to every member', async () => {
      targets.state.first.up = false;
      await until(
        'the first notification',
        () => firing('firstDown').length > 0,
      );
      // Long enough for the other member's turn (its position times the peer timeout) and more.
      await new Promise(resolve => setTimeout(resolve, 3 * PEER_TIMEOUT_MS));
      expect(firing('firstDown')).toHaveLength(1);
      expect(firing('firstDown')[0]).toMatchObject({
        topicArn: `arn:aws:sns:eu-west-1:${AWS.accountId}:team-a-alerts`,
        signatureValid: true,
        attributes: { tenant: 'team-a', severity: 'critical' },
      });
      // The replicas' alerts are one alert, not one per replica.
      for (const am of alertmanagers) {
        const alerts = await fetch(
          `${am.url}/api/v2/alerts?filter=${encodeURIComponent(
            'alertname="firstDown"',
          )}`,
        ).then(r => r.json());
        expect(alerts.map((a: any) => a.labels)).toEqual([
          {
            alertname: 'firstDown',
            cluster: 'eks-shared',
            instance: targets.address,
            job: 'first',
            namespace: 'team-a',
            severity: 'critical',
          },
        ]);
      }
    });

    it("publishes the Watchdog once to the heartbeat topic the notifier's alarm watches, never to a tenant's", async () => {
      const heartbeat = `arn:aws:sns:eu-west-1:${AWS.accountId}:eks-shared-monitoring-heartbeat`;
      await until('the heartbeat', () =>
        sns.published.some(m => m.topicArn === heartbeat),
      );
      await new Promise(resolve => setTimeout(resolve, 3 * PEER_TIMEOUT_MS));
      const watchdogs = sns.published.filter(m =>
        m.subject?.startsWith('[FIRING] Watchdog '),
      );
      // One group, one message: both replicas' Watchdogs are one alert.
      expect(watchdogs.map(m => m.topicArn)).toEqual([heartbeat]);
    });

    it(`still publishes exactly one once Alertmanager ${lost} and a Prometheus are killed, and says how long it took`, async () => {
      // A crash: the lost member does not say goodbye to the cluster.
      await alertmanagers[lost].stop('SIGKILL');
      await prometheuses[lost % 2].stop('SIGKILL');
      const downAt = Date.now();
      targets.state.second.up = false;
      await until(
        'a notification from the surviving member',
        () => firing('secondDown').length > 0,
      );
      const failoverMs = Date.now() - downAt;
      await new Promise(resolve => setTimeout(resolve, 3 * PEER_TIMEOUT_MS));
      expect(firing('secondDown')).toHaveLength(1);
      // The first group is not notified again (repeat_interval 1h).
      expect(firing('firstDown')).toHaveLength(1);
      // Scrape and evaluation (1 s each), group_wait (1 s) and, when the
      // survivor was second in the cluster, its wait for the lost member.
      process.stdout.write(
        `alert failover with member ${lost} lost: ${failoverMs} ms to the notification\n`,
      );
      expect(failoverMs).toBeLessThan(15_000);
    });
  },
);
