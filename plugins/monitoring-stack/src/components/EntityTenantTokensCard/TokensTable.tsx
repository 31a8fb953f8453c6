import {
  Button,
  Cell,
  CellText,
  ColumnConfig,
  Flex,
  Table,
  Text,
} from '@backstage/ui';
import { TenantTokenInfo } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { relativeTime } from '../../lib/relativeTime';

const STATE_COLOR = {
  active: 'success',
  expired: 'warning',
  revoked: 'danger',
} as const;

/** The tenant's tokens, with rotate and revoke for the active ones. */
export function TokensTable(props: {
  tokens: TenantTokenInfo[];
  /** Why the user may not change them; the buttons are enabled when undefined. */
  denied?: string;
  busy?: string;
  onRotate: (token: TenantTokenInfo) => void;
  onRevoke: (token: TenantTokenInfo) => void;
}) {
  const { denied, busy } = props;
  const now = new Date();
  const columns: ColumnConfig<TenantTokenInfo>[] = [
    {
      id: 'description',
      label: 'Token',
      isRowHeader: true,
      cell: t => <CellText title={t.description} description={t.id} />,
    },
    {
      id: 'rights',
      label: 'Rights',
      cell: t => <CellText title={t.rights.join(', ')} />,
    },
    {
      id: 'state',
      label: 'State',
      cell: t => (
        <Cell>
          <Text variant="body-medium" color={STATE_COLOR[t.state]}>
            {t.state}
          </Text>
        </Cell>
      ),
    },
    {
      id: 'expires',
      label: 'Expires',
      cell: t => (
        <CellText
          title={relativeTime(t.expiresAt, now)}
          description={new Date(t.expiresAt).toLocaleDateString()}
        />
      ),
    },
    {
      id: 'used',
      label: 'Last used',
      cell: t => (
        <CellText title={relativeTime(t.lastUsedAt, now) || 'never'} />
      ),
    },
    {
      id: 'created',
      label: 'Created by',
      cell: t => (
        <CellText
          title={t.createdBy.replace(/^user:(default\/)?/, '')}
          description={relativeTime(t.createdAt, now)}
        />
      ),
    },
    {
      id: 'actions',
      label: 'Actions',
      cell: t => (
        <Cell>
          {t.state === 'active' && (
            <Flex gap="2">
              <Button
                size="small"
                variant="secondary"
                aria-label={`Rotate token ${t.id}`}
                isDisabled={Boolean(denied) || busy === t.id}
                onPress={() => props.onRotate(t)}
              >
                Rotate
              </Button>
              <Button
                size="small"
                variant="secondary"
                destructive
                aria-label={`Revoke token ${t.id}`}
                isDisabled={Boolean(denied) || busy === t.id}
                onPress={() => props.onRevoke(t)}
              >
                Revoke
              </Button>
            </Flex>
          )}
        </Cell>
      ),
    },
  ];
  return (
    <Table
      columnConfig={columns}
      data={props.tokens}
      pagination={{ type: 'none' }}
      emptyState="This tenant has no access tokens."
    />
  );
}
