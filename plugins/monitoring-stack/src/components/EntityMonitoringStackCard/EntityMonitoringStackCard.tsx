import {
  InfoCard,
  Link,
  MissingAnnotationEmptyState,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_TENANT_ID,
  tenantRefFromEntity,
} from '@internal/plugin-monitoring-stack-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { stackLinks } from '../../lib/stackLinks';

/**
 * Links to a tenant's Grafana, Loki Explore, Kiali graph and Jaeger, scoped to
 * the tenant's namespaces.
 * @public
 */
export function EntityMonitoringStackCard() {
  const { entity } = useEntity();
  const config = useApi(configApiRef);
  const tenant = tenantRefFromEntity(entity);
  if (!tenant) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_TENANT_ID} />;
  }
  const links = stackLinks(tenant, {
    kiali: config.getOptionalString('monitoringStack.links.kiali'),
    jaeger: config.getOptionalString('monitoringStack.links.jaeger'),
  });
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
              <ListItemText
                primary={<Link to={link.url}>{link.title}</Link>}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
