import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { monitoringStackApiRef } from '../../api';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';
import { HealthChips } from '../HealthChips';
import { LoadErrorPanel } from '../LoadErrorPanel';

/** Props of {@link MonitoringStackHealthCard}. @public */
export type MonitoringStackHealthCardProps = {
  /** How often the health is read again; 60 seconds by default. */
  refreshIntervalMs?: number;
};

/**
 * Health of the shared stack (Prometheus, Alertmanager, Thanos Query, Loki,
 * CloudTrail), for the portal page and the admin stack's entity page.
 * @public
 */
export function MonitoringStackHealthCard(
  props: MonitoringStackHealthCardProps,
) {
  const api = useApi(monitoringStackApiRef);
  const { value, error } = useRefreshingAsync(
    () => api.getStackHealth(),
    [api],
    props.refreshIntervalMs,
  );
  let content;
  if (error) {
    content = (
      <LoadErrorPanel
        error={error}
        forbiddenMessage="You may not see the shared stack's health."
      />
    );
  } else if (!value) {
    content = <Progress />;
  } else if (value.components.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No component of the shared stack is configured.
      </Typography>
    );
  } else {
    content = <HealthChips components={value.components} />;
  }
  return <InfoCard title="Shared stack health">{content}</InfoCard>;
}
