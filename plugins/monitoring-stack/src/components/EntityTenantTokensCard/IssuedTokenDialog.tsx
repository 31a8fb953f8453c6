import {
  Alert,
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  Text,
} from '@backstage/ui';
import { IssuedTenantToken } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useState } from 'react';

/**
 * A token just created or rotated, shown this once with a copy button: the
 * portal keeps only a hash of its secret.
 */
export function IssuedTokenDialog(props: {
  issued: IssuedTenantToken;
  onClose: () => void;
}) {
  const { issued } = props;
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = async () => {
    try {
      await window.navigator.clipboard.writeText(issued.token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <Dialog isOpen onOpenChange={open => !open && props.onClose()} width={620}>
      <DialogHeader>Token {issued.id}</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          <Alert
            status="warning"
            icon
            title="Copy the token now: it is shown this once."
            description="Send it as Authorization: Bearer <token> to the tenant's gateway routes."
          />
          <Text
            as="p"
            variant="body-small"
            data-testid="issued-token"
            style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
          >
            {issued.token}
          </Text>
          <Text as="p" variant="body-small" color="secondary">
            {issued.rights.join(', ')}; expires{' '}
            {new Date(issued.expiresAt).toLocaleDateString()}
          </Text>
          {copied === 'failed' && (
            <Text as="p" variant="body-small" color="danger">
              The browser did not let the portal copy: select the token and copy
              it.
            </Text>
          )}
        </Flex>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={copy}>
          {copied === 'yes' ? 'Copied' : 'Copy token'}
        </Button>
        <Button onPress={props.onClose}>Done</Button>
      </DialogFooter>
    </Dialog>
  );
}
