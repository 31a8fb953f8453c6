import {
  AlertSeverity,
  countBySeverity,
  TenantAlert,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';

const SHOWN_SEVERITIES: AlertSeverity[] = ['critical', 'warning', 'info'];

/** A severity to show, or all of them. */
export type SeverityFilter = AlertSeverity | 'all';

/** The alerts the filter lets through. */
export function filterBySeverity(
  alerts: TenantAlert[],
  filter: SeverityFilter,
): TenantAlert[] {
  return alerts.filter(a => filter === 'all' || a.severity === filter);
}

/** The count of alerts per severity, and the buttons that pick one. */
export function AlertSeverityFilter(props: {
  alerts: TenantAlert[];
  value: SeverityFilter;
  onChange: (filter: SeverityFilter) => void;
}) {
  const { alerts, value, onChange } = props;
  const counts = countBySeverity(alerts);
  return (
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
          color={s === 'critical' && counts[s] > 0 ? 'secondary' : 'default'}
        />
      ))}
      <ToggleButtonGroup
        size="small"
        exclusive
        value={value}
        aria-label="Severity filter"
        onChange={(_e, next: SeverityFilter | null) => onChange(next ?? 'all')}
      >
        <ToggleButton value="all">All</ToggleButton>
        {SHOWN_SEVERITIES.map(s => (
          <ToggleButton key={s} value={s}>
            {s}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
    </Box>
  );
}
