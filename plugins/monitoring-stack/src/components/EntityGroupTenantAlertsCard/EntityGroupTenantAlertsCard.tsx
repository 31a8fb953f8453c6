import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { monitoringStackApiRef } from '../../api';
import {
  TenantAlertsCard,
  TenantAlertsCardProps,
} from '../EntityTenantAlertsCard';
import { LoadErrorPanel } from '../LoadErrorPanel';
import { ownedTenants } from './ownedTenants';

/**
 * The alerts of every tenant a Group owns (among those the user may see), one
 * alerts card per tenant.
 * @public
 */
export function EntityGroupTenantAlertsCard(props: TenantAlertsCardProps) {
  const { entity } = useEntity();
  const api = useApi(monitoringStackApiRef);
  const groupRef = stringifyEntityRef(entity);
  // The tenant list barely changes; each alerts card refreshes itself.
  const { value, error } = useAsync(() => api.getTenants(), [api]);
  if (error) {
    return (
      <InfoCard title="Alerts">
        <LoadErrorPanel error={error} />
      </InfoCard>
    );
  }
  if (!value) {
    return <Progress />;
  }
  const tenants = ownedTenants(value.items, groupRef);
  if (tenants.length === 0) {
    return (
      <InfoCard title="Alerts">
        <Typography variant="body2" color="textSecondary">
          This group owns no monitoring-stack tenant that you may see.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <Grid container spacing={3}>
      {tenants.map(tenant => (
        <Grid item xs={12} key={tenant.id}>
          <TenantAlertsCard tenant={tenant} {...props} />
        </Grid>
      ))}
    </Grid>
  );
}
