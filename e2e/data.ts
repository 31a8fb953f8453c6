/**
 * What the real Prometheus and Alertmanager hold during the end-to-end test:
 * firing alerts of tenants team-a (two namespaces) and team-b, and of
 * team-new, a tenant whose namespace the test labels while the portal runs.
 */
const alert = (
  name: string,
  namespace: string,
  severity: string,
  summary: string,
) => ({
  alert: name,
  expr: 'vector(1)',
  for: '0s',
  labels: { namespace, severity },
  annotations: {
    summary,
    description: `${summary} (end-to-end test data)`,
    runbook_url: `https://runbooks.example.com/${name}`,
  },
});

export const E2E_ALERTS = {
  teamA: 'E2ETeamAHighErrorRate',
  teamAJobs: 'E2ETeamAJobsSlow',
  teamB: 'E2ETeamBDiskFull',
  teamNew: 'E2ETeamNewQueueBacklog',
};

export const E2E_RULES = {
  groups: [
    {
      name: 'team-a',
      rules: [
        alert(E2E_ALERTS.teamA, 'team-a', 'critical', 'Checkout answers 5xx'),
        alert(
          E2E_ALERTS.teamAJobs,
          'team-a-jobs',
          'warning',
          'Nightly batch runs late',
        ),
      ],
    },
    {
      name: 'team-b',
      rules: [
        alert(E2E_ALERTS.teamB, 'team-b', 'critical', 'Disk of team-b is full'),
      ],
    },
    {
      name: 'team-new',
      rules: [
        alert(E2E_ALERTS.teamNew, 'team-new', 'warning', 'Queue backlog grows'),
      ],
    },
  ],
};

/** Prometheus scrapes itself once per tenant namespace, so each has series. */
export const E2E_JOBS = [
  { name: 'e2e-team-a', labels: { namespace: 'team-a' } },
  { name: 'e2e-team-b', labels: { namespace: 'team-b' } },
  { name: 'e2e-team-new', labels: { namespace: 'team-new' } },
];
