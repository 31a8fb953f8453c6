import {
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Text,
} from '@backstage/ui';
import { TenantTokenInfo } from '@tenant-monitoring/plugin-monitoring-stack-common';

/** Asks before a token is revoked: revoking cannot be undone. */
export function RevokeTokenDialog(props: {
  token: TenantTokenInfo;
  onClose: () => void;
  onRevoke: () => void;
}) {
  return (
    <Dialog isOpen onOpenChange={open => !open && props.onClose()}>
      <DialogHeader>Revoke token {props.token.id}?</DialogHeader>
      <DialogBody>
        <Text as="p">
          “{props.token.description}” stops working within seconds, everywhere.
          This cannot be undone.
        </Text>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={props.onClose}>
          Cancel
        </Button>
        <Button destructive onPress={props.onRevoke}>
          Revoke
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
