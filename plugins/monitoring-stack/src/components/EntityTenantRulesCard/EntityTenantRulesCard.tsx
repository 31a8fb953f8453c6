import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  NotConfigured,
  notConfiguredOf,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useState } from 'react';
import yaml from 'yaml';
import {
  LokiRuleGroupInput,
  LokiRuleGroupView,
  monitoringStackApiRef,
} from '../../api';
import { CardTenant } from '../../hooks/useCardTenant';
import { useTenantPermission } from '../../hooks/useTenantPermission';
import { useTenantRules } from '../../hooks/useTenantRules';
import { isForbidden } from '../../lib/isForbidden';
import { AsyncContent } from '../AsyncContent';
import { LoadErrorPanel } from '../LoadErrorPanel';
import { NotConfiguredNotice } from '../NotConfiguredNotice';
import { PermissionButton } from '../PermissionButton';
import { forCardTenant } from '../forCardTenant';

/** Props of {@link EntityTenantRulesCard}. @public */
export type EntityTenantRulesCardProps = {
  /** How often the rules are read again; 60 seconds by default. */
  refreshIntervalMs?: number;
};

type RuleRow = {
  id: string;
  ruler: 'Prometheus' | 'Loki';
  group: string;
  name: string;
  type: string;
  expr: string;
  state?: string;
  health?: string;
  lastError?: string;
  lokiGroup?: LokiRuleGroupView;
};

const STATE_COLORS: Record<string, 'primary' | 'secondary' | 'default'> = {
  firing: 'secondary',
  pending: 'primary',
};

const EXAMPLE_GROUP = `interval: 1m
rules:
  - alert: CheckoutErrors
    expr: sum(count_over_time({namespace="team-a"} |= "error" [5m])) > 10
    for: 5m
    labels:
      severity: warning
    annotations:
      summary: Checkout logs errors
`;

/**
 * The Prometheus and Loki rules of the entity's tenant with their state;
 * Loki rule groups can be added, changed and deleted by those who may
 * change the tenant's stack (the same right as the `loki:rules` action).
 * @public
 */
export const EntityTenantRulesCard =
  forCardTenant<EntityTenantRulesCardProps>(TenantRulesCard);

function TenantRulesCard(
  props: EntityTenantRulesCardProps & { tenant: CardTenant },
) {
  const { tenant, refreshIntervalMs } = props;
  const api = useApi(monitoringStackApiRef);
  const rules = useTenantRules(tenant.tenantId, refreshIntervalMs);
  const permission = useTenantPermission(tenant, 'write');
  const [editing, setEditing] = useState<
    | { namespace: string; name: string; text: string; isNew: boolean }
    | undefined
  >();
  const [notice, setNotice] = useState<{
    severity: 'success' | 'error';
    text: string;
  }>();
  const lokiNotConfigured = notConfiguredOf(rules.value?.loki.error);
  const denied = deniedReason(tenant, permission, lokiNotConfigured);

  const change = async (what: string, call: () => Promise<void>) => {
    try {
      await call();
      setNotice({ severity: 'success', text: what });
      rules.retry();
      return true;
    } catch (e) {
      setNotice({
        severity: 'error',
        text: isForbidden(e)
          ? `You may not change the rules of ${tenant.title}.`
          : (e as Error).message,
      });
      return false;
    }
  };

  const edit = (group: LokiRuleGroupView) =>
    setEditing({
      namespace: group.namespace,
      name: group.name,
      isNew: false,
      text: yaml.stringify({
        ...(group.interval ? { interval: group.interval } : {}),
        rules: group.rules.map(r => ({
          alert: r.alert,
          expr: r.expr,
          ...(r.for ? { for: r.for } : {}),
          ...(r.labels
            ? {
                labels: Object.fromEntries(
                  Object.entries(r.labels).filter(([k]) => k !== 'tenant_id'),
                ),
              }
            : {}),
          ...(r.annotations ? { annotations: r.annotations } : {}),
        })),
      }),
    });

  const columns: TableColumn<RuleRow>[] = [
    { title: 'Ruler', field: 'ruler' },
    { title: 'Group', field: 'group' },
    { title: 'Rule', field: 'name' },
    { title: 'Type', field: 'type' },
    {
      title: 'State',
      render: r => (
        <>
          {r.state && (
            <Chip
              size="small"
              label={r.state}
              color={STATE_COLORS[r.state] ?? 'default'}
            />
          )}
          {r.health && r.health !== 'ok' && (
            <Tooltip title={r.lastError ?? ''}>
              <Chip size="small" label={r.health} />
            </Tooltip>
          )}
        </>
      ),
    },
    {
      title: 'Expression',
      render: r => (
        <Typography
          variant="body2"
          style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
        >
          {r.expr}
        </Typography>
      ),
    },
    {
      title: 'Actions',
      render: r =>
        r.lokiGroup && r.lokiGroup.rules[0]?.alert === r.name ? (
          <Box display="flex" style={{ gap: 4 }}>
            <PermissionButton
              denied={denied}
              label={`Edit group ${r.group}`}
              onClick={() => edit(r.lokiGroup!)}
            >
              Edit group
            </PermissionButton>
            <PermissionButton
              denied={denied}
              label={`Delete group ${r.group}`}
              onClick={() => {
                const g = r.lokiGroup!;
                change(
                  `Deleted Loki rule group ${g.namespace}/${g.name}.`,
                  () =>
                    api.deleteLokiRuleGroup(
                      tenant.tenantId,
                      g.namespace,
                      g.name,
                    ),
                );
              }}
            >
              Delete group
            </PermissionButton>
          </Box>
        ) : null,
    },
  ];

  return (
    <div data-testid="tenant-rules-card">
      <InfoCard
        title="Rules"
        subheader={tenant.title}
        action={
          <PermissionButton
            denied={denied}
            label="New Loki rule group"
            variant="contained"
            onClick={() =>
              setEditing({
                namespace: tenant.tenantId,
                name: '',
                isNew: true,
                text: EXAMPLE_GROUP,
              })
            }
          >
            New Loki rule group
          </PermissionButton>
        }
      >
        {notice && (
          <Box mb={1}>
            <Alert
              severity={notice.severity}
              onClose={() => setNotice(undefined)}
            >
              {notice.text}
            </Alert>
          </Box>
        )}
        <AsyncContent value={rules.value} error={rules.error}>
          {value => {
            const rows: RuleRow[] = [
              ...(value.prometheus.value?.data.groups ?? []).flatMap(g =>
                g.rules.map((r, i) => ({
                  id: `p/${g.file}/${g.name}/${i}`,
                  ruler: 'Prometheus' as const,
                  group: g.name,
                  name: r.name,
                  type: r.type,
                  expr: r.query,
                  state: r.state,
                  health: r.health,
                  lastError: r.lastError,
                })),
              ),
              ...(value.loki.value?.groups ?? []).flatMap(g =>
                g.rules.map((r, i) => ({
                  id: `l/${g.tenant}/${g.namespace}/${g.name}/${i}`,
                  ruler: 'Loki' as const,
                  group: tenant.admin
                    ? `${g.tenant}: ${g.namespace}/${g.name}`
                    : `${g.namespace}/${g.name}`,
                  name: r.alert,
                  type: 'alerting',
                  expr: r.expr,
                  state: r.state,
                  health: r.health,
                  lastError: r.lastError,
                  lokiGroup: g,
                })),
              ),
            ];
            return (
              <>
                {value.prometheus.error && (
                  <RulerProblem
                    title="Prometheus rules"
                    error={value.prometheus.error}
                  />
                )}
                {value.loki.error && (
                  <RulerProblem title="Loki rules" error={value.loki.error} />
                )}
                {(value.loki.value?.errors ?? []).map(e => (
                  <Box mb={1} key={e}>
                    <Alert severity="warning">Loki ruler: {e}</Alert>
                  </Box>
                ))}
                <Table<RuleRow>
                  options={{
                    paging: rows.length > 20,
                    pageSize: 20,
                    search: rows.length > 20,
                    toolbar: rows.length > 20,
                    padding: 'dense',
                  }}
                  columns={columns}
                  data={rows}
                  emptyContent={
                    <Box p={2}>
                      This tenant has no Prometheus or Loki rules.
                    </Box>
                  }
                />
              </>
            );
          }}
        </AsyncContent>
        {editing && (
          <LokiGroupDialog
            initial={editing}
            onClose={() => setEditing(undefined)}
            onSave={async (namespace, name, body) => {
              const ok = await change(
                `Saved Loki rule group ${namespace}/${name}.`,
                () =>
                  api.putLokiRuleGroup(tenant.tenantId, namespace, name, body),
              );
              if (ok) setEditing(undefined);
            }}
          />
        )}
      </InfoCard>
    </div>
  );
}

/** Why one ruler's rules are not listed: not configured (calm), or its error under its title. */
function RulerProblem(props: { title: string; error: Error }) {
  const notConfigured = notConfiguredOf(props.error);
  return (
    <Box mb={1}>
      {notConfigured ? (
        <NotConfiguredNotice part={notConfigured} />
      ) : (
        <>
          <Typography variant="subtitle2">{props.title}</Typography>
          <LoadErrorPanel error={props.error} />
        </>
      )}
    </Box>
  );
}

/** Why the user may not write the tenant's Loki rules, or undefined when they may. */
function deniedReason(
  tenant: CardTenant,
  permission: { allowed: boolean; loading: boolean },
  lokiNotConfigured: NotConfigured | undefined,
): string | undefined {
  if (tenant.admin) return 'Loki rules are written per tenant: open the tenant';
  if (lokiNotConfigured) return `${lokiNotConfigured.what} is not configured`;
  if (permission.loading) return 'Checking your permission…';
  if (!permission.allowed)
    return `You may not change the rules of ${tenant.title}`;
  return undefined;
}

/** Reads the YAML of the dialog into a group, or says what is wrong. */
function parseGroup(text: string): LokiRuleGroupInput | string {
  try {
    const value = yaml.parse(text);
    if (!value || typeof value !== 'object' || !Array.isArray(value.rules)) {
      return 'The group needs a list of rules.';
    }
    return value as LokiRuleGroupInput;
  } catch (e) {
    return `Not YAML: ${(e as Error).message}`;
  }
}

function LokiGroupDialog(props: {
  initial: { namespace: string; name: string; text: string; isNew: boolean };
  onClose: () => void;
  onSave: (namespace: string, name: string, body: LokiRuleGroupInput) => void;
}) {
  const { initial } = props;
  const [namespace, setNamespace] = useState(initial.namespace);
  const [name, setName] = useState(initial.name);
  const [text, setText] = useState(initial.text);
  const parsed = parseGroup(text);
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="md">
      <DialogTitle>
        {initial.isNew ? 'New Loki rule group' : `Edit ${namespace}/${name}`}
      </DialogTitle>
      <DialogContent>
        <Box display="flex" style={{ gap: 8 }}>
          <TextField
            label="Rule namespace"
            margin="dense"
            value={namespace}
            disabled={!initial.isNew}
            onChange={e => setNamespace(e.target.value)}
          />
          <TextField
            label="Group name"
            margin="dense"
            value={name}
            disabled={!initial.isNew}
            onChange={e => setName(e.target.value)}
          />
        </Box>
        <TextField
          label="Group (YAML)"
          margin="dense"
          fullWidth
          multiline
          minRows={10}
          value={text}
          onChange={e => setText(e.target.value)}
          error={typeof parsed === 'string'}
          helperText={
            typeof parsed === 'string'
              ? parsed
              : 'The backend checks every LogQL query and adds the tenant label.'
          }
          inputProps={{ style: { fontFamily: 'monospace' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={typeof parsed === 'string' || !namespace || !name}
          onClick={() =>
            typeof parsed !== 'string' && props.onSave(namespace, name, parsed)
          }
        >
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
