import { ErrorBoundary } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { ANNOTATION_TENANT_ID } from '@tenant-monitoring/plugin-monitoring-stack-common';
import Grid from '@material-ui/core/Grid';
import { ReactNode } from 'react';
import { isGroupEntity } from '../../lib/isMonitoringStackAvailable';
import { isMonitoringStackAdmin } from '../../lib/isMonitoringStackAdmin';
import { isMonitoringStackTenant } from '../../lib/isMonitoringStackTenant';
import { EntityCloudTrailEventsCard } from '../EntityCloudTrailEventsCard';
import { EntityGroupTenantAlertsCard } from '../EntityGroupTenantAlertsCard';
import { EntityMonitoringStackCard } from '../EntityMonitoringStackCard';
import { EntitySnsDeliveryCard } from '../EntitySnsDeliveryCard';
import { EntityTenantAlertsCard } from '../EntityTenantAlertsCard';
import { EntityTenantDashboardsCard } from '../EntityTenantDashboardsCard';
import { EntityTenantLogsCard } from '../EntityTenantLogsCard';
import { EntityTenantMetricsCard } from '../EntityTenantMetricsCard';
import { EntityTenantRulesCard } from '../EntityTenantRulesCard';
import { EntityTenantSilencesCard } from '../EntityTenantSilencesCard';
import { EntityTenantTokensCard } from '../EntityTenantTokensCard';
import { MonitoringStackHealthCard } from '../MonitoringStackHealthCard';

/**
 * One card of the tab. Each card has its own error boundary, as each card
 * extension has, so that a card that breaks leaves the others on screen.
 */
function Cell(props: { half?: boolean; children: ReactNode }) {
  return (
    <Grid item xs={12} md={props.half ? 6 : 12}>
      <ErrorBoundary>{props.children}</ErrorBoundary>
    </Grid>
  );
}

/** The views a tenant and the admin stack share, below their own cards. */
function SharedViews() {
  return (
    <>
      <Cell>
        <EntityTenantMetricsCard />
      </Cell>
      <Cell>
        <EntityTenantSilencesCard />
      </Cell>
      <Cell>
        <EntityTenantRulesCard />
      </Cell>
      <Cell>
        <EntityTenantLogsCard />
      </Cell>
      <Cell>
        <EntityTenantDashboardsCard />
      </Cell>
    </>
  );
}

function TenantContent() {
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Cell half>
        <EntityMonitoringStackCard />
      </Cell>
      <Cell half>
        <EntitySnsDeliveryCard />
      </Cell>
      <Cell>
        <EntityTenantAlertsCard />
      </Cell>
      <SharedViews />
      <Cell>
        <EntityTenantTokensCard />
      </Cell>
    </Grid>
  );
}

function AdminContent() {
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Cell>
        <MonitoringStackHealthCard />
      </Cell>
      <Cell>
        <EntityCloudTrailEventsCard />
      </Cell>
      <SharedViews />
    </Grid>
  );
}

/**
 * The monitoring tab of an entity page: for a tenant's System its stack,
 * SNS delivery, alerts, metrics, silences, rules, logs, dashboards and access
 * tokens; for the
 * admin stack's System the shared stack's health, the CloudTrail events and the
 * admin view of metrics, silences, rules, logs and dashboards; for a Group the
 * alerts of the tenants it owns. Other entities show the missing annotation.
 * @public
 */
export function EntityMonitoringContent() {
  const { entity } = useEntity();
  if (isMonitoringStackAdmin(entity)) {
    return <AdminContent />;
  }
  if (isMonitoringStackTenant(entity)) {
    return <TenantContent />;
  }
  if (isGroupEntity(entity)) {
    return <EntityGroupTenantAlertsCard />;
  }
  return <MissingAnnotationEmptyState annotation={ANNOTATION_TENANT_ID} />;
}
