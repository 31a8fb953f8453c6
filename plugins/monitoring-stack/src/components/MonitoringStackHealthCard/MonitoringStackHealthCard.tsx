import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { monitoringStackApiRef } from '../../api';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';
import { AsyncContent } from '../AsyncContent';
import { HealthChips } from '../HealthChips';

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
  return (
    <InfoCard title="Shared stack health">
      <AsyncContent
        value={value}
        error={error}
        forbiddenMessage="You may not see the shared stack's health."
        isEmpty={v => v.components.length === 0}
        empty="No component of the shared stack is configured."
      >
        {v => <HealthChips components={v.components} />}
      </AsyncContent>
    </InfoCard>
  );
}
