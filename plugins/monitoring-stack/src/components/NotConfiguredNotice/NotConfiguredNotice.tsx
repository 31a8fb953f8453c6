import { NotConfigured } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { Alert } from '@backstage/ui';

/**
 * A part that is not configured, said calmly as the health chips say it
 * (information, no error): what it is, and the setting that sets it up.
 */
export function NotConfiguredNotice(props: { part: NotConfigured }) {
  const { what, setting, hint } = props.part;
  return (
    <Alert
      status="info"
      icon
      data-testid="not-configured"
      title={
        <>
          {what} is not configured: set <code>{setting}</code>
          {hint ? ` (${hint})` : ''}.
        </>
      }
    />
  );
}
