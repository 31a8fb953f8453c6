import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { notConfiguredOf } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useEffect, useState } from 'react';
import { LogLine } from '../../api';
import { CardTenant } from '../../hooks/useCardTenant';
import { useTenantLogs } from '../../hooks/useTenantLogs';
import { AsyncContent } from '../AsyncContent';
import { NotConfiguredNotice } from '../NotConfiguredNotice';
import { QueryBox } from '../QueryBox';
import { filteredQuery, LOG_LEVELS, LogLevel } from './logQuery';
import { forCardTenant } from '../forCardTenant';

/** Props of {@link EntityTenantLogsCard}. @public */
export type EntityTenantLogsCardProps = {
  /** How far back the lines are read; one hour by default. */
  rangeSeconds?: number;
  /** Most lines shown; 200 by default. */
  limit?: number;
};

/**
 * Recent log lines of the entity's tenant from Loki through the gateway,
 * with level and namespace filters, a LogQL box that says where a syntax
 * error is, and a live tail through the gateway's tail route. Without Loki
 * the card says so, and which setting sets it up, instead.
 * @public
 */
export const EntityTenantLogsCard =
  forCardTenant<EntityTenantLogsCardProps>(TenantLogsCard);

const time = (ns: string) =>
  new Date(Number(ns.slice(0, -6))).toLocaleTimeString([], {
    hour12: false,
  });

function TenantLogsCard(
  props: EntityTenantLogsCardProps & { tenant: CardTenant },
) {
  const { tenant } = props;
  const logs = useTenantLogs(
    tenant.tenantId,
    props.rangeSeconds ?? 3600,
    props.limit,
  );
  const [namespace, setNamespace] = useState('');
  const [level, setLevel] = useState<LogLevel>('all');
  const [query, setQuery] = useState(() =>
    filteredQuery(tenant.tenant, '', 'all'),
  );
  const { run } = logs;
  useEffect(() => {
    const q = filteredQuery(tenant.tenant, namespace, level);
    setQuery(q);
    run(q);
  }, [tenant.tenant, namespace, level, run]);
  const namespaces = tenant.tenant?.namespaces ?? [];
  // Nothing to query or tail: only the setting to set.
  const notConfigured = notConfiguredOf(logs.error);
  if (notConfigured) {
    return (
      <div data-testid="tenant-logs-card">
        <InfoCard title="Logs" subheader={tenant.title}>
          <NotConfiguredNotice part={notConfigured} />
        </InfoCard>
      </div>
    );
  }
  return (
    <div data-testid="tenant-logs-card">
      <InfoCard
        title="Logs"
        subheader={tenant.title}
        action={
          <FormControlLabel
            control={
              <Switch
                checked={logs.tailing}
                onChange={e => logs.setTailing(e.target.checked)}
                color="primary"
                inputProps={{ 'aria-label': 'Live tail' }}
              />
            }
            label="Live tail"
          />
        }
      >
        <Box display="flex" style={{ gap: 8 }} mb={2}>
          <TextField
            select
            size="small"
            label="Level"
            value={level}
            onChange={e => setLevel(e.target.value as LogLevel)}
            style={{ minWidth: 120 }}
          >
            {Object.keys(LOG_LEVELS).map(l => (
              <MenuItem key={l} value={l}>
                {l}
              </MenuItem>
            ))}
          </TextField>
          {namespaces.length > 1 && (
            <TextField
              select
              size="small"
              label="Namespace"
              value={namespace}
              onChange={e => setNamespace(e.target.value)}
              style={{ minWidth: 160 }}
            >
              <MenuItem value="">all of the tenant's</MenuItem>
              {namespaces.map(n => (
                <MenuItem key={n} value={n}>
                  {n}
                </MenuItem>
              ))}
            </TextField>
          )}
        </Box>
        <QueryBox
          language="LogQL"
          value={query}
          onChange={setQuery}
          onRun={() => run(query)}
          running={logs.loading}
          helperText="Read with the tenant's org id: the query sees the tenant's logs only."
        />
        <AsyncContent
          value={logs.lines}
          error={logs.error}
          isEmpty={l => l.length === 0}
          empty="No log lines in the last hour for this query."
        >
          {lines => <LogLines lines={lines} />}
        </AsyncContent>
      </InfoCard>
    </div>
  );
}

function LogLines(props: { lines: LogLine[] }) {
  return (
    <Box
      component="pre"
      data-testid="log-lines"
      style={{
        maxHeight: 400,
        overflow: 'auto',
        fontSize: 12,
        margin: 0,
        whiteSpace: 'pre-wrap',
      }}
    >
      {props.lines.map((l, i) => (
        <Typography
          key={`${l.timestampNs}-${i}`}
          component="div"
          variant="inherit"
        >
          <span style={{ opacity: 0.6 }}>
            {time(l.timestampNs)} {l.labels.namespace ?? ''}{' '}
          </span>
          {l.line}
        </Typography>
      ))}
    </Box>
  );
}
