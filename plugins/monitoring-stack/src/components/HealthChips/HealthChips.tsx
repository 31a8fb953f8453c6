import {
  ComponentHealth,
  StackComponentName,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { useTheme } from '@material-ui/core/styles';
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

/** What a chip says of a component: a down one that gave no answer is unreachable. */
function healthStatusText(c: ComponentHealth): string {
  return c.status === 'down' && c.reason === 'unreachable'
    ? 'unreachable'
    : STATUS_TEXT[c.status];
}

/**
 * One chip per stack component: up, down (answered, not ready), unreachable
 * (no answer) or not configured; what was seen is in its tooltip.
 */
export function HealthChips(props: { components: ComponentHealth[] }) {
  const { palette } = useTheme();
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {props.components.map(c => {
        const label = `${
          TITLES[c.component] ?? c.component
        }: ${healthStatusText(c)}`;
        const chip = (
          <Chip
            size="small"
            label={label}
            color={c.status === 'down' ? 'secondary' : 'default'}
            variant={c.status === 'not-configured' ? 'outlined' : 'default'}
            icon={
              {
                up: <CheckCircle style={{ color: palette.success.main }} />,
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
