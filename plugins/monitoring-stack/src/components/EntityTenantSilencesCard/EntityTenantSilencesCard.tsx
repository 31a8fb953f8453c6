import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { TenantAlert } from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useState } from 'react';
import { Silence } from '../../api';
import { CardTenant } from '../../hooks/useCardTenant';
import { useTenantPermission } from '../../hooks/useTenantPermission';
import {
  useSilenceActions,
  useTenantSilences,
} from '../../hooks/useTenantSilences';
import { relativeTime } from '../../lib/relativeTime';
import { AsyncContent } from '../AsyncContent';
import { useTenantAlerts } from '../EntityTenantAlertsCard/useTenantAlerts';
import { PermissionButton } from '../PermissionButton';
import { forCardTenant } from '../forCardTenant';

const HOUR = 3_600_000;
const DURATIONS = [
  { label: '1 hour', ms: HOUR },
  { label: '2 hours', ms: 2 * HOUR },
  { label: '8 hours', ms: 8 * HOUR },
  { label: '1 day', ms: 24 * HOUR },
  { label: '1 week', ms: 7 * 24 * HOUR },
];

type StateFilter = 'all' | Silence['status']['state'];

/** Props of {@link EntityTenantSilencesCard}. @public */
export type EntityTenantSilencesCardProps = {
  /** How often the silences are read again; 60 seconds by default. */
  refreshIntervalMs?: number;
};

/**
 * The silences of the entity's tenant (active, pending, expired) through the
 * gateway; create one for any of the tenant's alerts with a duration and a
 * comment, extend or expire one. The buttons show up front whether the user
 * may change the tenant's silences.
 * @public
 */
export const EntityTenantSilencesCard =
  forCardTenant<EntityTenantSilencesCardProps>(TenantSilencesCard);

function TenantSilencesCard(
  props: EntityTenantSilencesCardProps & { tenant: CardTenant },
) {
  const { tenant, refreshIntervalMs } = props;
  const silences = useTenantSilences(tenant.tenantId, refreshIntervalMs);
  const actions = useSilenceActions(tenant, silences.retry);
  const permission = useTenantPermission(tenant, 'silence');
  const [filter, setFilter] = useState<StateFilter>('all');
  const [creating, setCreating] = useState(false);
  const [extending, setExtending] = useState<Silence>();
  let denied: string | undefined;
  if (permission.loading) denied = 'Checking your permission…';
  else if (!permission.allowed) {
    denied = `You may not change silences of ${tenant.title}`;
  }

  const columns: TableColumn<Silence>[] = [
    {
      title: 'State',
      field: 'status.state',
      render: s => (
        <Chip
          size="small"
          label={s.status.state}
          color={s.status.state === 'active' ? 'primary' : 'default'}
        />
      ),
    },
    {
      title: 'Matchers',
      render: s =>
        s.matchers
          .map(
            m =>
              `${m.name}${m.isEqual === false ? '!' : ''}${
                m.isRegex ? '=~' : '='
              }"${m.value}"`,
          )
          .join(', '),
    },
    { title: 'Comment', field: 'comment' },
    { title: 'Created by', field: 'createdBy' },
    {
      title: 'Ends',
      render: s => (
        <span title={s.endsAt}>{relativeTime(s.endsAt, new Date())}</span>
      ),
    },
    {
      title: 'Actions',
      render: s =>
        s.status.state === 'expired' ? null : (
          <Box display="flex" style={{ gap: 4 }}>
            <PermissionButton
              denied={denied}
              label={`Extend silence ${s.id}`}
              disabled={actions.busy === s.id}
              onClick={() => setExtending(s)}
            >
              Extend
            </PermissionButton>
            <PermissionButton
              denied={denied}
              label={`Expire silence ${s.id}`}
              disabled={actions.busy === s.id}
              onClick={() => actions.expire(s)}
            >
              Expire
            </PermissionButton>
          </Box>
        ),
    },
  ];

  return (
    <div data-testid="tenant-silences-card">
      <InfoCard
        title="Silences"
        subheader={tenant.title}
        action={
          <PermissionButton
            denied={denied}
            label="New silence"
            variant="contained"
            onClick={() => setCreating(true)}
          >
            New silence
          </PermissionButton>
        }
      >
        {actions.notice && (
          <Box mb={1}>
            <Alert
              severity={actions.notice.severity}
              onClose={actions.dismissNotice}
            >
              {actions.notice.text}
            </Alert>
          </Box>
        )}
        <AsyncContent value={silences.value} error={silences.error}>
          {list => (
            <>
              <ToggleButtonGroup
                size="small"
                exclusive
                value={filter}
                onChange={(_, v) => v && setFilter(v)}
              >
                {(['all', 'active', 'pending', 'expired'] as const).map(s => (
                  <ToggleButton key={s} value={s}>
                    {s === 'all'
                      ? `All (${list.length})`
                      : `${s} (${
                          list.filter(x => x.status.state === s).length
                        })`}
                  </ToggleButton>
                ))}
              </ToggleButtonGroup>
              <Table<Silence>
                options={{
                  paging: list.length > 10,
                  search: false,
                  toolbar: false,
                  padding: 'dense',
                }}
                columns={columns}
                data={list.filter(
                  s => filter === 'all' || s.status.state === filter,
                )}
                emptyContent={
                  <Box p={2}>
                    {list.length === 0
                      ? 'This tenant has no silences.'
                      : `No ${filter} silences.`}
                  </Box>
                }
              />
            </>
          )}
        </AsyncContent>
        {creating && (
          <NewSilenceDialog
            tenant={tenant}
            onClose={() => setCreating(false)}
            onCreate={async (alert, ms, comment) => {
              setCreating(false);
              await actions.create(alert, ms, comment);
            }}
          />
        )}
        {extending && (
          <ExtendDialog
            silence={extending}
            onClose={() => setExtending(undefined)}
            onExtend={async ms => {
              setExtending(undefined);
              await actions.extend(extending, ms);
            }}
          />
        )}
      </InfoCard>
    </div>
  );
}

function DurationSelect(props: {
  value: number;
  onChange: (ms: number) => void;
}) {
  return (
    <TextField
      select
      fullWidth
      margin="dense"
      id="silence-duration"
      label="Duration"
      value={props.value}
      onChange={e => props.onChange(Number(e.target.value))}
    >
      {DURATIONS.map(d => (
        <MenuItem key={d.ms} value={d.ms}>
          {d.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

function alertsHelp(error: Error | undefined, none: boolean | undefined) {
  if (error) return `Could not read the alerts: ${error.message}`;
  if (none) return 'The tenant has no alerts to silence.';
  return 'The silence matches exactly this alert, in its namespace.';
}

function NewSilenceDialog(props: {
  tenant: CardTenant;
  onClose: () => void;
  onCreate: (alert: TenantAlert, durationMs: number, comment: string) => void;
}) {
  const alerts = useTenantAlerts(props.tenant.tenantId, 0);
  const [alertId, setAlertId] = useState('');
  const [durationMs, setDurationMs] = useState(2 * HOUR);
  const [comment, setComment] = useState('');
  const list = alerts.value?.alerts ?? [];
  const alert = list.find(a => a.id === alertId);
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>New silence</DialogTitle>
      <DialogContent>
        <TextField
          select
          fullWidth
          margin="dense"
          id="new-silence-alert"
          label="Alert"
          value={alertId}
          onChange={e => setAlertId(e.target.value)}
          helperText={alertsHelp(
            alerts.error,
            alerts.value && list.length === 0,
          )}
        >
          {list.map(a => (
            <MenuItem key={a.id} value={a.id}>
              {a.name} ({a.state}
              {a.labels.namespace ? `, ${a.labels.namespace}` : ''})
            </MenuItem>
          ))}
        </TextField>
        <DurationSelect value={durationMs} onChange={setDurationMs} />
        <TextField
          fullWidth
          margin="dense"
          id="new-silence-comment"
          label="Comment"
          value={comment}
          onChange={e => setComment(e.target.value)}
          required
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!alert || !comment.trim()}
          onClick={() => alert && props.onCreate(alert, durationMs, comment)}
        >
          Create
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ExtendDialog(props: {
  silence: Silence;
  onClose: () => void;
  onExtend: (durationMs: number) => void;
}) {
  const [durationMs, setDurationMs] = useState(2 * HOUR);
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="xs">
      <DialogTitle>Extend silence</DialogTitle>
      <DialogContent>
        <DurationSelect value={durationMs} onChange={setDurationMs} />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={() => props.onExtend(durationMs)}
        >
          Extend
        </Button>
      </DialogActions>
    </Dialog>
  );
}
