import {
  Alert,
  Box,
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Text,
} from '@backstage/ui';
import { TenantTokenInfo } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useState } from 'react';
import { CardTenant } from '../../hooks/useCardTenant';
import { useTenantPermission } from '../../hooks/useTenantPermission';
import { useTenantTokens, useTokenActions } from '../../hooks/useTenantTokens';
import { AsyncContent } from '../AsyncContent';
import { forCardTenant } from '../forCardTenant';
import { IssuedTokenDialog } from './IssuedTokenDialog';
import { NewTokenDialog } from './NewTokenDialog';
import { RevokeTokenDialog } from './RevokeTokenDialog';
import { TokensTable } from './TokensTable';

/** Props of {@link EntityTenantTokensCard}. @public */
export type EntityTenantTokensCardProps = {
  /** How often the tokens are read again; 60 seconds by default. */
  refreshIntervalMs?: number;
};

/**
 * The access tokens of the entity's tenant, for tools such as Grafana or a
 * script to call the gateway with: each with its rights, expiry and last
 * use. Owners create one (shown once, with a copy button), rotate and
 * revoke them; the buttons say up front when the user may not.
 * @public
 */
export const EntityTenantTokensCard =
  forCardTenant<EntityTenantTokensCardProps>(TenantTokensCard);

function TenantTokensCard(
  props: EntityTenantTokensCardProps & { tenant: CardTenant },
) {
  const { tenant } = props;
  if (tenant.admin) {
    return (
      <Alert
        status="info"
        icon
        title="Access tokens belong to one tenant: open the tenant's page to manage its tokens."
      />
    );
  }
  return <TokensCard {...props} />;
}

function TokensCard(
  props: EntityTenantTokensCardProps & { tenant: CardTenant },
) {
  const { tenant, refreshIntervalMs } = props;
  const tokens = useTenantTokens(tenant.tenantId, refreshIntervalMs);
  const actions = useTokenActions(tenant, tokens.retry);
  const permission = useTenantPermission(tenant, 'write');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<TenantTokenInfo>();
  let denied: string | undefined;
  if (permission.loading) denied = 'Checking your permission…';
  else if (!permission.allowed) {
    denied = `You may not manage the tokens of ${tenant.title}: that takes the tenant's write right, which its owners have.`;
  }

  return (
    <Card data-testid="tenant-tokens-card">
      <CardHeader>
        <Flex justify="between" align="center">
          <Box>
            <Text as="h3" variant="title-small">
              Access tokens
            </Text>
            <Text as="p" variant="body-small" color="secondary">
              {tenant.title}
            </Text>
          </Box>
          <Button
            aria-label="New token"
            isDisabled={Boolean(denied)}
            onPress={() => setCreating(true)}
          >
            New token
          </Button>
        </Flex>
        {denied && (
          <Text
            as="p"
            variant="body-small"
            color="secondary"
            data-testid="tokens-denied"
          >
            {denied}
          </Text>
        )}
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="3">
          {actions.notice && (
            <Alert
              status={actions.notice.status}
              icon
              title={actions.notice.text}
              customActions={
                <Button
                  size="small"
                  variant="tertiary"
                  onPress={actions.dismissNotice}
                >
                  Dismiss
                </Button>
              }
            />
          )}
          <AsyncContent
            value={tokens.value}
            error={tokens.error}
            forbiddenMessage="You may not see this tenant's tokens."
          >
            {list => (
              <TokensTable
                tokens={list}
                denied={denied}
                busy={actions.busy}
                onRotate={actions.rotate}
                onRevoke={setRevoking}
              />
            )}
          </AsyncContent>
        </Flex>
      </CardBody>
      {creating && (
        <NewTokenDialog
          tenantTitle={tenant.title}
          onClose={() => setCreating(false)}
          onCreate={async token => {
            setCreating(false);
            await actions.create(token);
          }}
        />
      )}
      {revoking && (
        <RevokeTokenDialog
          token={revoking}
          onClose={() => setRevoking(undefined)}
          onRevoke={async () => {
            setRevoking(undefined);
            await actions.revoke(revoking);
          }}
        />
      )}
      {actions.issued && (
        <IssuedTokenDialog
          issued={actions.issued}
          onClose={actions.dismissIssued}
        />
      )}
    </Card>
  );
}
