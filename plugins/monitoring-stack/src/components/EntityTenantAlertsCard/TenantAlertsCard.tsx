import {
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  AlertSeverity,
  countBySeverity,
  AlertSource,
  TenantAlert,
  TenantRef,
} from '@internal/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useState } from 'react';
import { monitoringStackApiRef } from '../../api';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';
import { isForbidden } from '../../lib/isForbidden';
import { relativeTime } from '../../lib/relativeTime';
import { silenceForAlert, tenantMatcherFor } from '../../lib/silenceForAlert';
import { LoadErrorPanel } from '../LoadErrorPanel';

const SILENCE_MS = 2 * 60 * 60 * 1000;

const SOURCE_TITLES: Record<AlertSource, string> = {
  alertmanager: 'Alertmanager',
  prometheus: 'Prometheus rules',
  loki: 'Loki ruler',
  cloudtrail: 'CloudTrail',
};

const SHOWN_SEVERITIES: AlertSeverity[] = ['critical', 'warning', 'info'];

type SeverityFilter = AlertSeverity | 'all';
type Notice = { severity: 'success' | 'error'; text: string };

/** Props of the alert cards. @public */
export type TenantAlertsCardProps = {
  /** How often the alerts are read again; 60 seconds by default. */
  refreshIntervalMs?: number;
};

/**
 * A tenant's alerts from Alertmanager and both rulers, with a severity filter
 * and a two-hour silence per alert.
 */
export function TenantAlertsCard(
  props: TenantAlertsCardProps & { tenant: TenantRef },
) {
  const { tenant, refreshIntervalMs } = props;
  const api = useApi(monitoringStackApiRef);
  const identityApi = useApi(identityApiRef);
  const [filter, setFilter] = useState<SeverityFilter>('all');
  const [silencing, setSilencing] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const { value, error, retry } = useRefreshingAsync(
    () => api.getAlerts(tenant.id),
    [api, tenant.id],
    refreshIntervalMs,
  );

  const silence = async (alert: TenantAlert) => {
    setSilencing(alert.id);
    try {
      const { userEntityRef } = await identityApi.getBackstageIdentity();
      const body = silenceForAlert(alert, tenant, {
        now: new Date(),
        durationMs: SILENCE_MS,
        createdBy: userEntityRef,
      });
      if (!body) {
        return;
      }
      const { silenceID } = await api.createSilence(tenant.id, body);
      setNotice({
        severity: 'success',
        text: `Silenced ${alert.name} for 2 hours (silence ${silenceID}).`,
      });
      retry();
    } catch (e) {
      setNotice({
        severity: 'error',
        text: isForbidden(e)
          ? `You may not silence alerts of tenant ${tenant.id}.`
          : `Could not silence ${alert.name}: ${(e as Error).message}`,
      });
    } finally {
      setSilencing(undefined);
    }
  };

  let content;
  if (error) {
    content = <LoadErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else {
    const counts = countBySeverity(value.alerts);
    const shown = value.alerts.filter(
      a => filter === 'all' || a.severity === filter,
    );
    content = (
      <>
        {value.sources
          .filter(s => !s.ok)
          .map(s => (
            <Box mb={1} key={s.source}>
              <Alert severity="warning">
                {SOURCE_TITLES[s.source]}: {s.error ?? 'not reachable'}
              </Alert>
            </Box>
          ))}
        {notice && (
          <Box mb={1}>
            <Alert
              severity={notice.severity}
              onClose={() => setNotice(undefined)}
            >
              {notice.text}
            </Alert>
          </Box>
        )}
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          mb={1}
          style={{ gap: 8 }}
        >
          {SHOWN_SEVERITIES.map(s => (
            <Chip
              key={s}
              size="small"
              label={`${s}: ${counts[s]}`}
              color={
                s === 'critical' && counts[s] > 0 ? 'secondary' : 'default'
              }
            />
          ))}
          <ToggleButtonGroup
            size="small"
            exclusive
            value={filter}
            aria-label="Severity filter"
            onChange={(_e, next: SeverityFilter | null) =>
              setFilter(next ?? 'all')
            }
          >
            <ToggleButton value="all">All</ToggleButton>
            {SHOWN_SEVERITIES.map(s => (
              <ToggleButton key={s} value={s}>
                {s}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        </Box>
        {value.alerts.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No alerts are firing or pending for this tenant.
          </Typography>
        ) : (
          <Table<TenantAlert>
            options={{ paging: false, toolbar: false, padding: 'dense' }}
            data={shown}
            columns={alertColumns(tenant, silencing, silence)}
            localization={{
              body: { emptyDataSourceMessage: `No ${filter} alerts.` },
            }}
          />
        )}
      </>
    );
  }
  return (
    <InfoCard title="Alerts" subheader={`Tenant ${tenant.title}`}>
      {content}
    </InfoCard>
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
