import {
  ComponentHealth,
  StackComponentName,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import CheckCircle from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import RemoveCircleOutline from '@material-ui/icons/RemoveCircleOutline';

const TITLES: Record<StackComponentName, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  thanosQuery: 'Thanos Query',
  loki: 'Loki',
  grafana: 'Grafana',
  cloudtrail: 'CloudTrail',
};

const STATUS_TEXT: Record<ComponentHealth['status'], string> = {
  up: 'up',
  down: 'down',
  'not-configured': 'not configured',
};

/** One chip per stack component: up, down or not configured. */
export function HealthChips(props: { components: ComponentHealth[] }) {
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {props.components.map(c => {
        const label = `${TITLES[c.component] ?? c.component}: ${
          STATUS_TEXT[c.status]
        }`;
        const chip = (
          <Chip
            size="small"
            label={label}
            color={c.status === 'down' ? 'secondary' : 'default'}
            variant={c.status === 'not-configured' ? 'outlined' : 'default'}
            icon={
              {
                up: <CheckCircle style={{ color: '#2e7d32' }} />,
                down: <ErrorIcon />,
                'not-configured': <RemoveCircleOutline />,
              }[c.status]
            }
          />
        );
        // An empty title shows no tooltip.
        return (
          <Tooltip key={c.component} title={c.detail ?? ''}>
            {chip}
          </Tooltip>
        );
      })}
    </Box>
  );
}
