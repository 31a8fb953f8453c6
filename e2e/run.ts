/**
 * End to end: a real Prometheus and Alertmanager on loopback, the portal
 * started against them, and Debian's Chromium driven by playwright-core.
 * Every step is a check; the run prints "N passed, N failed" and exits
 * non-zero on any failure. Everything started is stopped, also on failure.
 */
import { mkdir, writeFile, copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import {
  peersPortalConfig,
  RealPeers,
  startLokiStandIn,
  startRealPeers,
  waitFor,
} from '@tenant-monitoring/plugin-monitoring-stack-backend/testUtils';
import { namespace } from '../plugins/catalog-backend-module-monitoring-stack/src/__testUtils__/kubernetes';
import { startKubernetesApiServer } from '../plugins/catalog-backend-module-monitoring-stack/src/__testUtils__/kubernetesApiServer';
import { E2E_ALERTS, E2E_JOBS, E2E_RULES } from './data';

/** The service account token the Kubernetes API stand-in asks for. */
const E2E_KUBERNETES_TOKEN = 'e2e-service-account-token';
import { mcpAgent } from './mcp';
import {
  APP_URL,
  BACKEND_URL,
  guestToken,
  Started,
  startBackend,
  startFrontend,
  takenPorts,
} from './portal';
import { START_SCRIPT_PORTS, StartScript } from './startScript';
import { stubDirectoryPicker } from './templateDirectory';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'e2e', 'out');
const SHOTS = join(OUT, 'screenshots');
const DOCS = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Check = { name: string; ok: boolean; error?: string };
const checks: Check[] = [];

async function check(
  name: string,
  page: Page | undefined,
  fn: () => Promise<void>,
) {
  try {
    await fn();
    checks.push({ name, ok: true });
    console.log(`  ✓ ${name}`);
  } catch (error) {
    const file = `failed-${checks.length + 1}`;
    await page
      ?.screenshot({ path: join(SHOTS, `${file}.png`), fullPage: true })
      .catch(() => undefined);
    console.log(`    (screenshot: e2e/out/screenshots/${file}.png)`);
    checks.push({ name, ok: false, error: String(error) });
    console.log(
      `  ✗ ${name}\n      ${String(error).split('\n').join('\n      ')}`,
    );
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function shot(page: Page, name: string, docs = false) {
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (docs) await copyFile(file, join(DOCS, `${name}.png`));
}

/** A new browser session signed in as the guest; the template editor opens `template`. */
async function signIn(
  browser: Browser,
  template = 'tenant-onboarding',
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  // Failed API calls explain a failed check better than a screenshot.
  page.on('response', async response => {
    if (response.status() >= 400 && response.url().includes('/api/')) {
      const body = await response.text().catch(() => '');
      console.log(
        `    ${response.status()} ${response
          .request()
          .method()} ${response.url()}: ${body.slice(0, 300)}`,
      );
      if (process.env.E2E_DEBUG) {
        console.log(
          `    request: ${response.request().postData()?.slice(0, 2000)}`,
        );
      }
    }
  });
  await stubDirectoryPicker(page, join(ROOT, 'templates', template));
  await page.goto(APP_URL);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.waitForURL(/\/catalog/, { timeout: 60_000 });
  return page;
}

async function writeConfigs(
  peers: RealPeers,
  lokiUrl: string,
  kubernetesUrl: string,
) {
  const e2e = join(OUT, 'app-config.e2e.yaml');
  const admin = join(OUT, 'app-config.e2e-admin.yaml');
  const portal = peersPortalConfig(peers, { lokiUrl });
  await writeFile(
    e2e,
    JSON.stringify({
      ...portal,
      catalog: {
        providers: {
          monitoringStack: {
            // ISO strings: objects would merge with app-config.yaml's.
            schedule: {
              frequency: 'PT5S',
              timeout: 'PT1M',
              initialDelay: 'PT3S',
            },
          },
        },
      },
      // The cluster whose labelled namespaces bring tenants while the portal runs.
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'eks-shared',
                url: kubernetesUrl,
                authProvider: 'serviceAccount',
                serviceAccountToken: E2E_KUBERNETES_TOKEN,
              },
            ],
          },
        ],
      },
    }),
  );
  await writeFile(
    admin,
    JSON.stringify({
      auth: {
        providers: {
          guest: {
            userEntityRef: 'user:default/admin',
            dangerouslyAllowOutsideDevelopment: true,
          },
        },
      },
    }),
  );
  return { e2e, admin };
}

async function main() {
  await mkdir(SHOTS, { recursive: true });
  await mkdir(DOCS, { recursive: true });
  const started: Array<{ stop(): Promise<void> }> = [];
  let browser: Browser | undefined;
  try {
    for (const url of [APP_URL, BACKEND_URL]) {
      const taken = await fetch(url).then(
        () => true,
        () => false,
      );
      assert(
        !taken,
        `${url} is already in use: stop the portal that runs there first`,
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });

    console.log('==> bash scripts/start.sh, as a newcomer runs it');
    await checkStartScript(browser);

    console.log('==> starting Prometheus and Alertmanager');
    const peers = await startRealPeers({ jobs: E2E_JOBS, rules: E2E_RULES });
    started.push(peers);
    await waitFor(
      'the e2e alerts in Alertmanager',
      async () => {
        const alerts = await (
          await fetch(`${peers.alertmanagerUrl}/api/v2/alerts`)
        ).json();
        const names = new Set(alerts.map((a: any) => a.labels.alertname));
        return Object.values(E2E_ALERTS).every(n => names.has(n)) || undefined;
      },
      60_000,
    );

    const loki = await startLokiStandIn();
    started.push(loki);
    // A Kubernetes API with no labelled namespace yet (answered like the API).
    const kubernetes = await startKubernetesApiServer({
      items: [],
      list: { token: E2E_KUBERNETES_TOKEN },
    });
    started.push({ stop: () => kubernetes.close() });
    const configs = await writeConfigs(peers, loki.url, kubernetes.url);
    console.log('==> starting the portal');
    let backend: Started = await startBackend(ROOT, OUT, [configs.e2e]);
    started.push(backend);
    started.push(await startFrontend(ROOT, OUT));
    const token = await guestToken();

    console.log('==> as a member of team-a');
    const page = await signIn(browser);

    await check(
      "team-a's System shows team-a's firing alerts and none of team-b's",
      page,
      async () => {
        await page.goto(
          `${APP_URL}/catalog/default/system/team-a-monitoring/monitoring`,
        );
        await page
          .getByText(E2E_ALERTS.teamA)
          .first()
          .waitFor({ timeout: 60_000 });
        await page.getByText(E2E_ALERTS.teamAJobs).first().waitFor();
        const text = await page.locator('body').innerText();
        assert(
          !text.includes(E2E_ALERTS.teamB),
          `the page shows ${E2E_ALERTS.teamB}`,
        );
        await shot(page, 'tenant-monitoring-tab', true);
      },
    );

    await check(
      "the Kiali and Jaeger links point at team-a's namespaces, and no Grafana link shows without a Grafana",
      page,
      async () => {
        // Backstage's external links add ", Opens in a new window" to their
        // accessible name: the name starts with the link's text.
        const link = (name: string) =>
          page.getByRole('link', { name: new RegExp(`^${name}\\b`) });
        const hrefs = async (name: string) =>
          link(name).evaluateAll(els =>
            els.map(e => (e as HTMLAnchorElement).href),
          );
        // The stack card's links, once it is on screen.
        await link('Kiali graph').first().waitFor({ timeout: 60_000 });
        // The example tenants have no grafanaUrl (no Grafana runs here).
        assert(
          (await hrefs('Grafana')).length === 0,
          `a Grafana link shows: ${await hrefs('Grafana')}`,
        );
        const [kiali] = await hrefs('Kiali graph');
        const [jaeger] = await hrefs('Jaeger');
        assert(
          kiali?.includes('namespaces=team-a%2Cteam-a-jobs'),
          `Kiali link is ${kiali}`,
        );
        assert(
          jaeger &&
            decodeURIComponent(jaeger).includes('"istio.namespace":"team-a"'),
          `Jaeger link is ${jaeger}`,
        );
        for (const link of [kiali, jaeger])
          assert(!link.includes('team-b'), `${link} mentions team-b`);
      },
    );

    await check("team-a's Monitoring tab in the dark theme", page, async () => {
      // Backstage keeps the chosen theme in local storage.
      await page.evaluate(() => localStorage.setItem('theme', 'dark'));
      await page.goto(
        `${APP_URL}/catalog/default/system/team-a-monitoring/monitoring`,
      );
      await page
        .getByText(E2E_ALERTS.teamA)
        .first()
        .waitFor({ timeout: 60_000 });
      const background = await page.evaluate(
        () => getComputedStyle(document.body).backgroundColor,
      );
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      assert(r + g + b < 3 * 96, `the page background is ${background}`);
      await shot(page, 'tenant-monitoring-tab-dark', true);
      await page.evaluate(() => localStorage.removeItem('theme'));
    });

    await check(
      "the catalog graph draws the stack's data flow",
      page,
      async () => {
        await page.goto(
          `${APP_URL}/catalog/default/system/monitoring-stack-admin/diagram`,
        );
        // The graph shows entity titles.
        for (const node of [
          'Fluent Bit',
          'Loki',
          'Loki logs bucket',
          'Thanos Receive',
          'Thanos metrics bucket',
          'CloudTrail trail',
          'CloudTrail SNS topic',
          'SNS notifier (Lambda)',
        ]) {
          await page
            .locator('svg')
            .getByText(node, { exact: true })
            .first()
            .waitFor({ timeout: 30_000 });
        }
        await shot(page, 'admin-stack-diagram', true);
      },
    );

    await check(
      'the /monitoring-stack page lists team-a only',
      page,
      async () => {
        await page.goto(`${APP_URL}/monitoring-stack`);
        await page
          .getByRole('link', { name: 'Team A', exact: true })
          .first()
          .waitFor({ timeout: 30_000 });
        const text = await page.locator('body').innerText();
        assert(
          !/Team B|Data Platform/.test(text),
          'the page lists another tenant',
        );
        await shot(page, 'monitoring-stack-page-tenant', true);
      },
    );

    await check(
      "an MCP client of team-a's member lists the tools and reads team-a's alerts, never team-b's",
      undefined,
      async () => {
        const agent = await mcpAgent(token);
        try {
          const tools = await agent.tools();
          assert(
            tools.includes('monitoring-stack.get-tenant-alerts'),
            `the tools are ${tools.join(', ') || 'none'}`,
          );
          const own = await agent.call('get-tenant-alerts', {
            tenant: 'team-a',
          });
          assert(!own.isError, own.text);
          assert(
            own.text.includes(E2E_ALERTS.teamA) &&
              !own.text.includes(E2E_ALERTS.teamB),
            `team-a's alerts: ${own.text.slice(0, 300)}`,
          );
          const theirs = await agent.call('get-tenant-alerts', {
            tenant: 'team-b',
          });
          assert(
            theirs.isError && theirs.text.includes('may not read'),
            `team-b's alerts answered ${theirs.text.slice(0, 300)}`,
          );
        } finally {
          await agent.close();
        }
      },
    );

    await check(
      'a silence created for team-a through the portal suppresses the alert',
      page,
      async () => {
        await page.goto(
          `${APP_URL}/catalog/default/system/team-a-monitoring/monitoring`,
        );
        const silenceButton = page.getByRole('button', {
          name: `Silence ${E2E_ALERTS.teamA} for 2 hours`,
        });
        const teamASilenced = async () =>
          (
            await (
              await fetch(`${peers.alertmanagerUrl}/api/v2/silences`)
            ).json()
          ).some(
            (s: any) =>
              s.status.state === 'active' &&
              s.matchers.some(
                (m: any) =>
                  m.name === 'namespace' && m.value === 'team-a' && !m.isRegex,
              ),
          );
        // Wait for Alertmanager to hold the silence before any reload: a
        // reload while the card's POST is in flight cancels it.
        for (let attempt = 0; !(await teamASilenced()); attempt++) {
          assert(attempt < 3, 'the Silence 2h button created no silence');
          await silenceButton.click();
          await waitFor(
            'Alertmanager to hold the silence',
            async () => (await teamASilenced()) || undefined,
            10_000,
          ).catch(() => undefined);
        }
        await waitFor(
          'the alert to show as suppressed',
          async () => {
            const row = page
              .getByRole('row')
              .filter({ hasText: E2E_ALERTS.teamA })
              .first();
            if ((await row.innerText()).includes('suppressed')) return true;
            await page.reload();
            await page
              .getByText(E2E_ALERTS.teamA)
              .first()
              .waitFor({ timeout: 30_000 });
            return undefined;
          },
          60_000,
        );
        const silences = await (
          await fetch(`${peers.alertmanagerUrl}/api/v2/silences`)
        ).json();
        assert(
          silences.some(
            (s: any) =>
              s.status.state === 'active' &&
              s.matchers.some(
                (m: any) =>
                  m.name === 'namespace' && m.value === 'team-a' && !m.isRegex,
              ),
          ),
          'Alertmanager holds no active silence with namespace="team-a"',
        );
        await shot(page, 'alert-silenced', true);
      },
    );

    /** One of the tenant view cards, by its title. */
    const card = (title: string) =>
      page.getByTestId(`tenant-${title.toLowerCase()}-card`);
    const cardShot = async (title: string, name: string) => {
      const file = join(SHOTS, `${name}.png`);
      await card(title).screenshot({ path: file });
      await copyFile(file, join(DOCS, `${name}.png`));
    };

    await check(
      "the metrics card draws team-a's metrics and none of team-b's",
      page,
      async () => {
        await page.goto(
          `${APP_URL}/catalog/default/system/team-a-monitoring/monitoring`,
        );
        const metrics = card('Metrics');
        await metrics
          .getByText('Scrape targets up')
          .waitFor({ timeout: 60_000 });
        await metrics
          .locator('.recharts-legend-item-text', { hasText: 'team-a' })
          .first()
          .waitFor({ timeout: 60_000 });
        await metrics
          .getByLabel('PromQL query')
          .fill('count by (namespace) (up)');
        await metrics.getByRole('button', { name: 'Run' }).click();
        await metrics
          .locator('.recharts-legend-item-text', { hasText: 'team-a' })
          .nth(1)
          .waitFor({ timeout: 30_000 });
        const legends = await metrics
          .locator('.recharts-legend-item-text')
          .allInnerTexts();
        assert(
          legends.some(l => l.includes('team-a')),
          `no team-a series: ${legends.join(', ')}`,
        );
        assert(
          !legends.some(l => l.includes('team-b')),
          `the charts draw team-b: ${legends.join(', ')}`,
        );
        assert(
          !(await metrics.innerText()).includes('team-b'),
          'the metrics card mentions team-b',
        );
        await cardShot('Metrics', 'view-metrics');
      },
    );

    await check(
      'the silences card lists the silence and expires it',
      page,
      async () => {
        const silences = card('Silences');
        const row = silences
          .getByRole('row')
          .filter({ hasText: `Silenced from Backstage: ${E2E_ALERTS.teamA}` })
          .first();
        await row.waitFor({ timeout: 30_000 });
        assert(
          (await row.innerText()).includes('active'),
          'the silence is not shown as active',
        );
        await cardShot('Silences', 'view-silences');
        await row.getByRole('button', { name: /^Expire silence / }).click();
        await silences
          .getByText(/^Expired silence /)
          .waitFor({ timeout: 30_000 });
        await waitFor(
          'the silence to be expired in Alertmanager',
          async () => {
            const all = await (
              await fetch(`${peers.alertmanagerUrl}/api/v2/silences`)
            ).json();
            const ours = all.filter((s: any) =>
              s.comment.includes(E2E_ALERTS.teamA),
            );
            return (
              (ours.length > 0 &&
                ours.every((s: any) => s.status.state === 'expired')) ||
              undefined
            );
          },
          30_000,
        );
      },
    );

    await check(
      "the rules card lists team-a's rules with their state and none of team-b's",
      page,
      async () => {
        const rules = card('Rules');
        await rules
          .getByRole('row')
          .filter({ hasText: E2E_ALERTS.teamA })
          .first()
          .waitFor({ timeout: 30_000 });
        await rules.getByText(E2E_ALERTS.teamAJobs).first().waitFor();
        const text = await rules.innerText();
        assert(/firing/.test(text), 'no rule shows as firing');
        assert(
          !text.includes(E2E_ALERTS.teamB),
          `the rules card shows ${E2E_ALERTS.teamB}`,
        );
        await cardShot('Rules', 'view-rules');
      },
    );

    await check(
      "the logs card shows team-a's logs and tails them live, with signals installed beside it",
      page,
      async () => {
        // The portal runs the signals backend, whose WebSocket route makes
        // upgrades that only Express handles answer 404; the tail is a
        // WebSocket route of its own.
        const logs = card('Logs');
        await logs
          .getByText('msg="hello"')
          .first()
          .waitFor({ timeout: 30_000 });
        await logs.getByLabel('Live tail').check();
        await logs
          .getByText(/tailed line \d+/)
          .first()
          .waitFor({ timeout: 30_000 });
        const text = await logs.innerText();
        assert(!/team-b|team_b/.test(text), 'the logs card shows team-b');
        await logs.getByLabel('Live tail').uncheck();
        await cardShot('Logs', 'view-logs');
      },
    );

    await check('the dashboards card shows its state', page, async () => {
      // No Grafana token is configured in the e2e.
      await card('Dashboards')
        .getByText(/not configured for this tenant/)
        .waitFor({ timeout: 30_000 });
      await cardShot('Dashboards', 'view-dashboards');
    });

    await check(
      "the gateway refuses team-b's metrics to team-a with 403",
      page,
      async () => {
        const gateway = `${BACKEND_URL}/api/monitoring-stack/tenants`;
        const auth = { headers: { Authorization: `Bearer ${token}` } };
        const own = await fetch(
          `${gateway}/team-a/metrics/api/v1/query?query=up`,
          auth,
        );
        assert(own.status === 200, `team-a's own query answered ${own.status}`);
        const body = await own.text();
        assert(
          body.includes('"namespace":"team-a"') && !body.includes('team-b'),
          `team-a's query answered ${body.slice(0, 200)}`,
        );
        const other = await fetch(
          `${gateway}/team-b/metrics/api/v1/query?query=up`,
          auth,
        );
        assert(other.status === 403, `team-b's query answered ${other.status}`);
        // Roadie's Prometheus plugin asks the app's one proxy endpoint with
        // the caller's token, naming the tenant in a header.
        const proxied = (tenant: string) =>
          fetch(`${BACKEND_URL}/api/proxy/prometheus/api/query?query=up`, {
            headers: {
              ...auth.headers,
              'x-prometheus-service-name': tenant,
            },
          });
        const proxiedA = await proxied('team-a');
        const proxiedABody = await proxiedA.text();
        assert(
          proxiedA.status === 200 &&
            proxiedABody.includes('"namespace":"team-a"') &&
            !proxiedABody.includes('team-b'),
          `team-a's proxied query answered ${
            proxiedA.status
          } ${proxiedABody.slice(0, 200)}`,
        );
        const proxiedB = await proxied('team-b');
        assert(
          proxiedB.status === 403,
          `team-b's proxied query answered ${proxiedB.status}`,
        );
        // The community Grafana plugin's reads (TenantGrafanaApi): another
        // tenant's Grafana is refused, and of its own only the plugin's reads pass.
        const grafanaB = await fetch(
          `${gateway}/team-b/grafana/api/search`,
          auth,
        );
        assert(
          grafanaB.status === 403,
          `team-b's Grafana answered team-a ${grafanaB.status}`,
        );
        const grafanaUsers = await fetch(
          `${gateway}/team-a/grafana/api/users`,
          auth,
        );
        assert(
          grafanaUsers.status === 404,
          `team-a's Grafana /api/users answered ${grafanaUsers.status}`,
        );
      },
    );

    await check(
      'the loki-alert-rule template checks its LogQL in a dry run',
      page,
      async () => {
        const rulePage = await signIn(browser!, 'loki-alert-rule');
        await runLokiRuleDryRun(rulePage);
        await rulePage.context().close();
      },
    );

    await check(
      'a tenant created while the portal runs has its page, the Prometheus tab and a token, with no config edit and no restart',
      page,
      async () => {
        // What applying tenant-onboarding's namespaces gives.
        kubernetes.setItems([
          namespace('team-new', 'team-new', {
            'monitoring-stack.io/owner': 'group:default/team-a',
            'monitoring-stack.io/title': 'Team New',
          }),
        ]);
        const auth = { headers: { Authorization: `Bearer ${token}` } };
        await waitFor(
          'team-new in the gateway',
          async () => {
            const res = await fetch(
              `${BACKEND_URL}/api/monitoring-stack/tenants`,
              auth,
            );
            const body = await res.json();
            return body.items?.some((t: { id: string }) => t.id === 'team-new')
              ? true
              : undefined;
          },
          120_000,
        );
        await page.goto(
          `${APP_URL}/catalog/default/system/team-new-monitoring/monitoring`,
        );
        await page
          .getByText(E2E_ALERTS.teamNew)
          .first()
          .waitFor({ timeout: 60_000 });
        const text = await page.locator('body').innerText();
        assert(
          !text.includes(E2E_ALERTS.teamA) && !text.includes(E2E_ALERTS.teamB),
          "team-new's page shows another tenant's alert",
        );
        await shot(page, 'runtime-tenant-monitoring-tab');
        // Roadie's tab through the app's one proxy endpoint.
        await page
          .getByRole('tab', { name: 'Prometheus', exact: true })
          .click();
        await page
          .locator('.recharts-legend-item-text', { hasText: 'team-new' })
          .first()
          .waitFor({ timeout: 60_000 });
        await settled(page);
        const banners = await errorBanners(page);
        assert(banners.length === 0, `error banners: ${banners.join('; ')}`);
        await shot(page, 'runtime-tenant-prometheus-tab');
        // A token made for it, in a Grafana-shaped client.
        const made = await fetch(
          `${BACKEND_URL}/api/monitoring-stack/tenants/team-new/tokens`,
          {
            method: 'POST',
            headers: { ...auth.headers, 'Content-Type': 'application/json' },
            body: JSON.stringify({ description: 'e2e', rights: ['read'] }),
          },
        );
        assert(made.status === 201, `making team-new's token: ${made.status}`);
        const { token: tenantToken } = await made.json();
        const read = await fetch(
          `${BACKEND_URL}/api/monitoring-stack/tenants/team-new/metrics/api/v1/query?query=up`,
          { headers: { Authorization: `Bearer ${tenantToken}` } },
        );
        const body = await read.text();
        assert(
          read.status === 200 &&
            body.includes('"namespace":"team-new"') &&
            !body.includes('team-a') &&
            !body.includes('team-b'),
          `team-new's token read ${read.status} ${body.slice(0, 200)}`,
        );
      },
    );

    console.log('==> as an admin');
    await backend.stop();
    started.splice(started.indexOf(backend), 1);
    backend = await startBackend(ROOT, OUT, [configs.e2e, configs.admin]);
    started.push(backend);
    const adminPage = await signIn(browser);
    await check(
      'the /monitoring-stack page lists every tenant to an admin',
      adminPage,
      async () => {
        await adminPage.goto(`${APP_URL}/monitoring-stack`);
        for (const name of ['Team A', 'Team B', 'Data Platform']) {
          await adminPage
            .getByRole('link', { name, exact: true })
            .first()
            .waitFor({ timeout: 60_000 });
        }
        await shot(adminPage, 'monitoring-stack-page-admin', true);
      },
    );

    await check(
      "Roadie's Prometheus tab shows team-b's graph and alert through the gateway",
      adminPage,
      async () => {
        await adminPage.goto(
          `${APP_URL}/catalog/default/system/team-b-monitoring/prometheus`,
        );
        await adminPage
          .getByText(E2E_ALERTS.teamB)
          .first()
          .waitFor({ timeout: 60_000 });
        // The graph's legend: the series of its rule, by namespace.
        await adminPage
          .locator('.recharts-legend-item-text', { hasText: 'team-b' })
          .first()
          .waitFor({ timeout: 30_000 });
        const text = await adminPage.locator('body').innerText();
        assert(
          !text.includes(E2E_ALERTS.teamA),
          `team-b's Prometheus tab shows ${E2E_ALERTS.teamA}`,
        );
        await shot(adminPage, 'roadie-prometheus-team-b', true);
      },
    );

    // Onboarding a tenant is for admins.
    await check(
      'the tenant-onboarding template runs in dry-run and shows the rendered files',
      adminPage,
      async () => {
        await runTemplateDryRun(adminPage);
        await shot(adminPage, 'scaffolder-dry-run', true);
      },
    );
  } catch (error) {
    checks.push({ name: 'setup', ok: false, error: String(error) });
    console.log(`  ✗ setup\n      ${error}`);
  } finally {
    await browser?.close().catch(() => undefined);
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
  }
  const failed = checks.filter(c => !c.ok).length;
  console.log(`e2e: ${checks.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 && checks.length > 0 ? 0 : 1);
}

/** The demo alert of team-a and team-b in scripts/demo/rules.yml. */
const DEMO_ALERTS = { teamA: 'DemoHighErrorRate', teamB: 'DemoPodRestarting' };

/**
 * The newcomer's first run: `bash scripts/start.sh` with its demo stack shows
 * team-a's firing alert within a minute of the portal being up, and Ctrl-C
 * stops everything it started.
 */
async function checkStartScript(browser: Browser) {
  const taken = await takenPorts(START_SCRIPT_PORTS);
  assert(
    taken.length === 0,
    `ports ${taken.join(', ')} are in use: stop what runs there first`,
  );
  const script = new StartScript(ROOT, OUT);
  let page: Page | undefined;
  try {
    await script.portalUp();
    const up = Date.now();
    console.log('    the portal is up');
    page = await signIn(browser);
    await check(
      "start.sh: team-a's System shows its firing demo alert within a minute of the portal being up",
      page,
      async () => {
        const left = () => Math.max(up + 60_000 - Date.now(), 1);
        // The catalog fills up after the start; a person would reload until it has.
        const token = await guestToken();
        await waitFor(
          "team-a's System in the catalog",
          async () =>
            (
              await fetch(
                `${BACKEND_URL}/api/catalog/entities/by-name/system/default/team-a-monitoring`,
                { headers: { Authorization: `Bearer ${token}` } },
              )
            ).ok || undefined,
          left(),
        );
        await page!.goto(
          `${APP_URL}/catalog/default/system/team-a-monitoring/monitoring`,
        );
        const row = page!
          .getByRole('row')
          .filter({ hasText: DEMO_ALERTS.teamA })
          .first();
        await row.waitFor({ timeout: left() });
        const seconds = ((Date.now() - up) / 1000).toFixed(1);
        console.log(
          `    ${DEMO_ALERTS.teamA} shown ${seconds} s after the portal was up`,
        );
        assert(
          /firing|active/i.test(await row.innerText()),
          `the ${
            DEMO_ALERTS.teamA
          } row is not firing: ${await row.innerText()}`,
        );
        const text = await page!.locator('body').innerText();
        assert(
          !text.includes(DEMO_ALERTS.teamB),
          `team-a's page shows team-b's ${DEMO_ALERTS.teamB}`,
        );
        await shot(page!, 'first-run-team-a-alerts', true);
      },
    );
    await check(
      "start.sh: team-a's Monitoring, Grafana and Kubernetes tabs show no error banner",
      page,
      async () => {
        const problems: string[] = [];
        const tab = (name: string) =>
          page!.getByRole('tab', { name, exact: true });
        await tab('Monitoring').click();
        // No Loki runs in the demo: both cards say so, naming the setting.
        for (const title of ['rules', 'logs']) {
          await page!
            .getByTestId(`tenant-${title}-card`)
            .getByText(/Loki is not configured: set/)
            .first()
            .waitFor({ timeout: 30_000 });
        }
        for (const name of ['Monitoring', 'Grafana', 'Kubernetes']) {
          if ((await tab(name).count()) === 0) {
            // A tab that could show nothing is left out (no Grafana here).
            console.log(`    no ${name} tab`);
            continue;
          }
          await tab(name).click();
          await settled(page!);
          await shot(page!, `first-run-team-a-${name.toLowerCase()}`);
          problems.push(
            ...(await errorBanners(page!)).map(b => `${name}: ${b}`),
          );
        }
        assert(problems.length === 0, `error banners:\n${problems.join('\n')}`);
      },
    );
  } finally {
    await page?.context().close();
    const interrupted = Date.now();
    const ms = await script.interrupt();
    await check(
      'start.sh: Ctrl-C stops the portal and the demo stack',
      undefined,
      async () => {
        // The script returns at once; the backend's graceful shutdown takes
        // a few seconds more.
        let left = await takenPorts(START_SCRIPT_PORTS);
        while (left.length > 0 && Date.now() - interrupted < 30_000) {
          await new Promise(resolve => setTimeout(resolve, 250));
          left = await takenPorts(START_SCRIPT_PORTS);
        }
        assert(
          left.length === 0,
          `ports ${left.join(', ')} still listen 30 s after Ctrl-C`,
        );
        console.log(
          `    the script ended ${(ms / 1000).toFixed(1)} s after Ctrl-C, ` +
            `every port was free after ${(
              (Date.now() - interrupted) /
              1000
            ).toFixed(1)} s`,
        );
      },
    );
    script.kill();
  }
}

/** Waits until no card of the page shows progress, twice over a pause (a card shows its bar after a delay). */
async function settled(page: Page) {
  const loading = async () =>
    (await page.locator('[role="progressbar"]').count()) === 0 || undefined;
  await waitFor('the page to load', loading, 60_000);
  await page.waitForTimeout(2_000);
  await waitFor('the page to load', loading, 60_000);
}

/**
 * What on the page reads as an error rather than a calm state, one line
 * each: error and warning banners (Backstage's error panels, alerts of
 * error or warning severity, the toasts of failed calls), raw errors
 * anywhere in the text (`Error:`, `Request failed`, `status 403`,
 * `Invalid DateTime`) and health chips of a component down or unreachable.
 * Information alerts (not configured, not yours to see) are calm.
 */
async function errorBanners(page: Page): Promise<string[]> {
  const raw =
    /Error:|Request failed|Invalid DateTime|status \d{3}|Forbidden|Failed to/i;
  const downChip =
    /\b(Prometheus|Thanos Query|Alertmanager|Loki|Grafana|CloudTrail): (down|unreachable)\b/;
  const calm = /MuiAlert-(standard|filled|outlined)(Info|Success)/;
  const calmStatus = ['info', 'success'];
  // Material UI's alerts have role alert; Backstage UI's are .bui-Alert
  // with their status in data-status.
  const alerts = await page
    .locator('[role="alert"], .bui-Alert')
    .evaluateAll(els =>
      els.map(e => ({
        className: String(e.className),
        status: e.getAttribute('data-status'),
        text: (e as HTMLElement).innerText.trim(),
      })),
    );
  const isCalm = (a: (typeof alerts)[number]) =>
    calm.test(a.className) || calmStatus.includes(a.status ?? '');
  const found = alerts
    .filter(a => a.text && (!isCalm(a) || raw.test(a.text)))
    .map(a => a.text.split('\n')[0]);
  const lines = (await page.locator('body').innerText()).split('\n');
  found.push(
    ...lines.filter(l => raw.test(l) || downChip.test(l)).map(l => l.trim()),
  );
  return [...new Set(found)];
}

/** Dry-runs the loki-alert-rule template: the action parses the LogQL and sends nothing. */
async function runLokiRuleDryRun(page: Page) {
  await page.goto(`${APP_URL}/create/edit`);
  await page.getByText('Load Template Directory').click();
  await page.getByLabel('Tenant id').fill('team-a');
  await page.getByLabel('Rule group').fill('e2e');
  await page.getByLabel('Alert name').fill('E2ECheckoutErrors');
  await page
    .getByLabel('LogQL query')
    .fill('sum(count_over_time({namespace="team-a"} |= "error" [5m])) > 10');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText('Dry-run results').waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Log' }).click();
  await page
    .getByText(/Dry run: all queries are valid; would write groups e2e/)
    .first()
    .waitFor({ timeout: 10_000 });
}

/** Loads the tenant-onboarding template in the template editor and dry-runs it. */
async function runTemplateDryRun(page: Page) {
  await page.goto(`${APP_URL}/create/edit`);
  await page.getByText('Load Template Directory').click();
  await page.getByLabel('Tenant id').fill('team-new');
  await page.getByLabel('Owner group').fill('team-a');
  await page
    .getByRole('option', { name: /team-a/ })
    .first()
    .click();
  await page.getByLabel('namespaces-0').fill('team-new');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText('Dry-run results').waitFor({ timeout: 60_000 });
  // Open every folder of the result's file tree.
  for (const folder of [
    'tenants',
    'team-new',
    'namespaces',
    'grafana',
    'aws',
  ]) {
    await page.getByText(folder, { exact: true }).last().click();
  }
  for (const file of [
    'team-new.yaml',
    'deployment.yaml',
    'datasources.yaml',
    'sns-topic.cfn.yaml',
  ]) {
    await page
      .getByText(file, { exact: true })
      .first()
      .waitFor({ timeout: 10_000 });
  }
  await page.getByText('deployment.yaml', { exact: true }).first().click();
  await page.getByText('kind: Deployment').first().waitFor({ timeout: 10_000 });
}

main();
