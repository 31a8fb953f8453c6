import { Link, Table, TableColumn } from '@backstage/core-components';
import {
  TenantAlert,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { relativeTime } from '../../lib/relativeTime';
import { tenantMatcherFor } from '../../lib/silenceForAlert';

/**
 * The alerts with their state, age, summary and links, and a two-hour
 * silence button, disabled where the alert cannot be scoped to the tenant.
 */
export function TenantAlertsTable(props: {
  tenant: TenantRef;
  alerts: TenantAlert[];
  /** What to say when no alert passes the filter. */
  emptyMessage: string;
  /** The id of the alert being silenced. */
  silencing?: string;
  onSilence: (alert: TenantAlert) => void;
}) {
  const { tenant, alerts, emptyMessage, silencing, onSilence } = props;
  return (
    <Table<TenantAlert>
      options={{ paging: false, toolbar: false, padding: 'dense' }}
      data={alerts}
      columns={alertColumns(tenant, silencing, onSilence)}
      localization={{ body: { emptyDataSourceMessage: emptyMessage } }}
    />
  );
}

function alertColumns(
  tenant: TenantRef,
  silencing: string | undefined,
  onSilence: (alert: TenantAlert) => void,
): TableColumn<TenantAlert>[] {
  const now = new Date();
  return [
    { title: 'Name', field: 'name' },
    { title: 'Severity', field: 'severity' },
    { title: 'State', field: 'state' },
    {
      title: 'Since',
      field: 'since',
      render: a => <span title={a.since}>{relativeTime(a.since, now)}</span>,
    },
    { title: 'Summary', field: 'summary' },
    {
      title: 'Links',
      sorting: false,
      render: a => (
        <Box display="flex" flexDirection="column">
          {a.runbookUrl && <Link to={a.runbookUrl}>Runbook</Link>}
          {a.silenceUrl && (
            <Link to={a.silenceUrl}>Silence in Alertmanager</Link>
          )}
          {a.expressionUrl && <Link to={a.expressionUrl}>Expression</Link>}
        </Box>
      ),
    },
    {
      title: 'Actions',
      sorting: false,
      render: a => {
        const scoped = tenantMatcherFor(a, tenant);
        const problem = 'problem' in scoped ? scoped.problem : undefined;
        return (
          <span title={problem}>
            <Button
              size="small"
              variant="outlined"
              disabled={Boolean(problem) || silencing === a.id}
              onClick={() => onSilence(a)}
              aria-label={`Silence ${a.name} for 2 hours`}
            >
              Silence 2h
            </Button>
          </span>
        );
      },
    },
  ];
}
