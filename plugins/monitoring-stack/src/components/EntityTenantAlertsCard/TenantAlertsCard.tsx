import { InfoCard } from '@backstage/core-components';
import {
  TenantAlertsResponse,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { AsyncContent } from '../AsyncContent';
import {
  AlertSeverityFilter,
  filterBySeverity,
  SeverityFilter,
} from './AlertSeverityFilter';
import { SourceProblems } from './SourceProblems';
import { TenantAlertsTable } from './TenantAlertsTable';
import { SilenceAlertState, useSilenceAlert } from './useSilenceAlert';
import { useTenantAlerts } from './useTenantAlerts';

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
  const { value, error, refresh } = useTenantAlerts(
    tenant.id,
    refreshIntervalMs,
  );
  const silence = useSilenceAlert(tenant, refresh);
  const [filter, setFilter] = useState<SeverityFilter>('all');
  return (
    <InfoCard title="Alerts" subheader={`Tenant ${tenant.title}`}>
      <AsyncContent value={value} error={error}>
        {v => (
          <TenantAlerts
            tenant={tenant}
            alerts={v}
            silence={silence}
            filter={filter}
            onFilterChange={setFilter}
          />
        )}
      </AsyncContent>
    </InfoCard>
  );
}

function TenantAlerts(props: {
  tenant: TenantRef;
  alerts: TenantAlertsResponse;
  silence: SilenceAlertState;
  filter: SeverityFilter;
  onFilterChange: (filter: SeverityFilter) => void;
}) {
  const { tenant, alerts, silence, filter, onFilterChange } = props;
  const { notice } = silence;
  return (
    <>
      <SourceProblems sources={alerts.sources} />
      {notice && (
        <Box mb={1}>
          <Alert severity={notice.severity} onClose={silence.dismissNotice}>
            {notice.text}
          </Alert>
        </Box>
      )}
      <AlertSeverityFilter
        alerts={alerts.alerts}
        value={filter}
        onChange={onFilterChange}
      />
      {alerts.alerts.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No alerts are firing or pending for this tenant.
        </Typography>
      ) : (
        <TenantAlertsTable
          tenant={tenant}
          alerts={filterBySeverity(alerts.alerts, filter)}
          emptyMessage={`No ${filter} alerts.`}
          silencing={silence.silencing}
          onSilence={silence.silence}
        />
      )}
    </>
  );
}
