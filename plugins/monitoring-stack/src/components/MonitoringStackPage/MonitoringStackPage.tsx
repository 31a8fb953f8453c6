import {
  Content,
  EmptyState,
  Header,
  Page,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { TenantSummary } from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { monitoringStackApiRef } from '../../api';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';
import { AsyncContent } from '../AsyncContent';
import { MonitoringStackHealthCard } from '../MonitoringStackHealthCard';
import { HealthCell } from './HealthCell';
import { OverviewRow, overviewRows } from './overviewRows';

/** Props of {@link MonitoringStackPage}. @public */
export type MonitoringStackPageProps = {
  /** How often the overview is read again; 60 seconds by default. */
  refreshIntervalMs?: number;
};

/**
 * Every tenant the user may see, with firing alerts by severity, delivery
 * failures of the last day and stack health; the shared stack's health on top.
 * @public
 */
export function MonitoringStackPage(props: MonitoringStackPageProps) {
  const { refreshIntervalMs } = props;
  const api = useApi(monitoringStackApiRef);
  const { value, error } = useRefreshingAsync(
    () => api.getOverview(),
    [api],
    refreshIntervalMs,
  );
  return (
    <Page themeId="tool">
      <Header
        title="Monitoring stack"
        subtitle="Alerts, notification delivery and health of every tenant you may see"
      />
      <Content>
        {value?.admin && (
          <Box mb={2}>
            <Alert severity="info">
              You are a monitoring-stack admin: all tenants are shown.
            </Alert>
          </Box>
        )}
        <Box mb={2}>
          <MonitoringStackHealthCard refreshIntervalMs={refreshIntervalMs} />
        </Box>
        <AsyncContent
          value={value}
          error={error}
          forbiddenMessage="You may not see the monitoring stack's tenants."
          isEmpty={v => v.items.length === 0}
          empty={
            <EmptyState
              missing="data"
              title="No tenants to show"
              description="You do not belong to a group that owns a monitoring-stack tenant."
            />
          }
        >
          {v => <TenantsTable items={v.items} />}
        </AsyncContent>
      </Content>
    </Page>
  );
}

function TenantsTable(props: { items: TenantSummary[] }) {
  return (
    <Table<OverviewRow>
      title="Tenants"
      options={{ search: true, paging: false, padding: 'dense' }}
      data={overviewRows(props.items)}
      columns={[
        {
          title: 'Tenant',
          field: 'title',
          highlight: true,
          render: r => (
            <EntityRefLink entityRef={r.entityRef} title={r.title} />
          ),
        },
        { title: 'Id', field: 'id' },
        { title: 'Critical', field: 'critical', type: 'numeric' },
        { title: 'Warning', field: 'warning', type: 'numeric' },
        { title: 'Info', field: 'info', type: 'numeric' },
        {
          title: 'Delivery failures (24h)',
          field: 'deliveryFailures24h',
          type: 'numeric',
        },
        {
          title: 'Health',
          field: 'health',
          render: r => <HealthCell health={r.health} errors={r.errors} />,
        },
      ]}
    />
  );
}
