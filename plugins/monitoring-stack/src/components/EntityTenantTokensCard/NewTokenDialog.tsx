import {
  Button,
  Checkbox,
  CheckboxGroup,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  Radio,
  RadioGroup,
  TextField,
} from '@backstage/ui';
import {
  NewTenantToken,
  TENANT_TOKEN_DEFAULT_EXPIRY_DAYS,
  TENANT_TOKEN_MAX_DESCRIPTION,
  TENANT_TOKEN_MAX_EXPIRY_DAYS,
  TENANT_TOKEN_RIGHTS,
  TenantTokenRight,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { useState } from 'react';

const EXPIRIES = [
  30,
  TENANT_TOKEN_DEFAULT_EXPIRY_DAYS,
  180,
  TENANT_TOKEN_MAX_EXPIRY_DAYS,
];

const RIGHT_LABELS: Record<TenantTokenRight, string> = {
  read: 'read: metrics, logs, alerts, rules',
  silence: 'silence: create and expire silences',
  write: 'write: Loki rules',
};

/** The form of a new token: what it is for, its rights and its expiry. */
export function NewTokenDialog(props: {
  tenantTitle: string;
  onClose: () => void;
  onCreate: (token: NewTenantToken) => void;
}) {
  const [description, setDescription] = useState('');
  const [rights, setRights] = useState<string[]>(['read']);
  const [days, setDays] = useState(String(TENANT_TOKEN_DEFAULT_EXPIRY_DAYS));
  const ready = description.trim() !== '' && rights.length > 0;
  return (
    <Dialog isOpen onOpenChange={open => !open && props.onClose()} width={520}>
      <DialogHeader>New access token of {props.tenantTitle}</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="4">
          <TextField
            label="Description"
            description="What the token is for, e.g. the Grafana of the team"
            value={description}
            onChange={setDescription}
            maxLength={TENANT_TOKEN_MAX_DESCRIPTION}
            isRequired
          />
          <CheckboxGroup
            label="Rights"
            description="Only rights you hold on the tenant"
            value={rights}
            onChange={setRights}
          >
            {TENANT_TOKEN_RIGHTS.map(right => (
              <Checkbox key={right} value={right}>
                {RIGHT_LABELS[right]}
              </Checkbox>
            ))}
          </CheckboxGroup>
          <RadioGroup label="Expires in" value={days} onChange={setDays}>
            {EXPIRIES.map(d => (
              <Radio key={d} value={String(d)}>
                {d} days
              </Radio>
            ))}
          </RadioGroup>
        </Flex>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={props.onClose}>
          Cancel
        </Button>
        <Button
          isDisabled={!ready}
          onPress={() =>
            props.onCreate({
              description: description.trim(),
              rights: TENANT_TOKEN_RIGHTS.filter(r => rights.includes(r)),
              expiresInDays: Number(days),
            })
          }
        >
          Create
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
