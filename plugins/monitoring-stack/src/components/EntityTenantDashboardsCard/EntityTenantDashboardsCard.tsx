import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useMemo, useState } from 'react';
import { TenantDashboard } from '../../api';
import { CardTenant } from '../../hooks/useCardTenant';
import { useTenantDashboards } from '../../hooks/useTenantDashboards';
import { AsyncContent } from '../AsyncContent';
import { forCardTenant } from '../forCardTenant';

/** Props of {@link EntityTenantDashboardsCard}. @public */
export type EntityTenantDashboardsCardProps = {
  /** The tag shown first; none by default. */
  defaultTag?: string;
};

/**
 * The Grafana dashboards of the entity's tenant, from its own Grafana with
 * its service account, by tag or folder, each linked.
 * @public
 */
export const EntityTenantDashboardsCard =
  forCardTenant<EntityTenantDashboardsCardProps>(TenantDashboardsCard);

function TenantDashboardsCard(
  props: EntityTenantDashboardsCardProps & { tenant: CardTenant },
) {
  const { tenant } = props;
  const [tag, setTag] = useState(props.defaultTag ?? '');
  const [folder, setFolder] = useState('');
  const filters = useMemo(
    () => ({ tag: tag || undefined, folder: folder || undefined }),
    [tag, folder],
  );
  const dashboards = useTenantDashboards(tenant.tenantId, filters);
  // Folders and tags of every dashboard seen, so a filter can be undone.
  const all = useTenantDashboards(tenant.tenantId, {});
  const folders = useMemo(() => {
    const seen = new Map<string, string>();
    (all.value?.dashboards ?? []).forEach(d => {
      if (d.folderUid) seen.set(d.folderUid, d.folderTitle ?? d.folderUid);
    });
    return [...seen.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [all.value]);
  const tags = useMemo(
    () =>
      [...new Set((all.value?.dashboards ?? []).flatMap(d => d.tags))].sort(),
    [all.value],
  );

  const columns: TableColumn<TenantDashboard>[] = [
    ...(tenant.admin ? [{ title: 'Tenant', field: 'tenant' }] : []),
    {
      title: 'Dashboard',
      field: 'title',
      render: d => <Link to={d.url}>{d.title}</Link>,
    },
    { title: 'Folder', field: 'folderTitle' },
    {
      title: 'Tags',
      render: d => (
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {d.tags.map(t => (
            <Chip key={t} size="small" label={t} onClick={() => setTag(t)} />
          ))}
        </Box>
      ),
    },
  ];

  return (
    <div data-testid="tenant-dashboards-card">
      <InfoCard title="Dashboards" subheader={tenant.title}>
        <Box display="flex" style={{ gap: 8 }} mb={2}>
          <TextField
            select
            size="small"
            label="Tag"
            value={tag}
            onChange={e => setTag(e.target.value)}
            style={{ minWidth: 140 }}
          >
            <MenuItem value="">any</MenuItem>
            {[...new Set([...tags, ...(tag ? [tag] : [])])].map(t => (
              <MenuItem key={t} value={t}>
                {t}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label="Folder"
            value={folder}
            onChange={e => setFolder(e.target.value)}
            style={{ minWidth: 160 }}
          >
            <MenuItem value="">any</MenuItem>
            {folders.map(([uid, title]) => (
              <MenuItem key={uid} value={uid}>
                {title}
              </MenuItem>
            ))}
          </TextField>
        </Box>
        <AsyncContent value={dashboards.value} error={dashboards.error}>
          {value => {
            const unconfigured = value.sources.filter(s => !s.configured);
            if (!tenant.admin && unconfigured.length > 0) {
              return (
                <Alert severity="info">
                  Grafana dashboards are not configured for this tenant: it
                  needs a Grafana URL and a service account token in
                  monitoringStack.grafanaServiceAccounts.
                </Alert>
              );
            }
            return (
              <>
                {value.sources
                  .filter(s => s.error)
                  .map(s => (
                    <Box mb={1} key={s.tenant}>
                      <Alert severity="warning">
                        Grafana of {s.tenant}: {s.error}
                      </Alert>
                    </Box>
                  ))}
                {tenant.admin && unconfigured.length > 0 && (
                  <Box mb={1}>
                    <Alert severity="info">
                      Not configured for{' '}
                      {unconfigured.map(s => s.tenant).join(', ')}.
                    </Alert>
                  </Box>
                )}
                <Table<TenantDashboard>
                  options={{
                    paging: value.dashboards.length > 10,
                    search: false,
                    toolbar: false,
                    padding: 'dense',
                  }}
                  columns={columns}
                  data={value.dashboards}
                  emptyContent={
                    <Box p={2}>
                      {tag || folder
                        ? 'No dashboards with this tag or in this folder.'
                        : 'The tenant has no dashboards yet.'}
                    </Box>
                  }
                />
              </>
            );
          }}
        </AsyncContent>
      </InfoCard>
    </div>
  );
}
