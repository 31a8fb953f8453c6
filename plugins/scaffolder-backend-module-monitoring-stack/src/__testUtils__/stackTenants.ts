import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';

/** A namespace tenant with the stack's default retention. */
export const TEAM_A = parseTenant({
  id: 'team-a',
  owner: 'team-a',
  namespaces: { 'eks-shared': ['team-a'] },
});

/** A tenant_id tenant with a retention of its own (so a compactor of its own). */
export const DATA_PLATFORM = parseTenant({
  id: 'data-platform',
  owner: 'data-platform',
  seriesLabel: 'tenant_id',
  retention: {
    rawDays: 14,
    glacierAfterDays: 30,
    expireAfterDays: 180,
    logsDays: 14,
  },
});
