import { InfoCard, Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_TENANT_ID,
  readMonitoringStackSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { monitoringStackApiRef } from '../../api';
import { useEntityTenant } from '../../hooks/useEntityTenant';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';
import { stackLinks } from '../../lib/stackLinks';
import { AsyncContent } from '../AsyncContent';
import { HealthChips } from '../HealthChips';

/**
 * Links to a tenant's Grafana, Loki Explore, Kiali graph and Jaeger, scoped to
 * the tenant's namespaces, and the health of the tenant's stack.
 * @public
 */
export function EntityMonitoringStackCard(props: {
  /** How often the health is read again; 60 seconds by default. */
  refreshIntervalMs?: number;
}) {
  const { tenant } = useEntityTenant();
  const config = useApi(configApiRef);
  const urls = useMemo(
    () => readMonitoringStackSettings(config).links,
    [config],
  );
  if (!tenant) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_TENANT_ID} />;
  }
  const links = stackLinks(tenant, urls);
  return (
    <InfoCard title="Monitoring stack" subheader={`Tenant ${tenant.id}`}>
      <Typography variant="body2">
        Series label <code>{tenant.seriesLabel}</code>
        {tenant.namespaces.length > 0 &&
          ` · namespaces ${tenant.namespaces.join(', ')}`}
      </Typography>
      {links.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No Grafana, Kiali or Jaeger URL is configured for this tenant.
        </Typography>
      ) : (
        <List dense>
          {links.map(link => (
            <ListItem key={link.title}>
              <ListItemText primary={<Link to={link.url}>{link.title}</Link>} />
            </ListItem>
          ))}
        </List>
      )}
      <TenantHealth
        tenantId={tenant.id}
        refreshIntervalMs={props.refreshIntervalMs}
      />
    </InfoCard>
  );
}

function TenantHealth(props: { tenantId: string; refreshIntervalMs?: number }) {
  const { tenantId, refreshIntervalMs } = props;
  const api = useApi(monitoringStackApiRef);
  const { value, error } = useRefreshingAsync(
    () => api.getTenantHealth(tenantId),
    [api, tenantId],
    refreshIntervalMs,
  );
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" gutterBottom>
        Component health
      </Typography>
      <AsyncContent
        value={value}
        error={error}
        isEmpty={v => v.components.length === 0}
        empty="No component reports its health for this tenant."
      >
        {v => <HealthChips components={v.components} />}
      </AsyncContent>
    </Box>
  );
}
