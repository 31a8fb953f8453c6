import { ResponseErrorPanel } from '@backstage/core-components';
import { notConfiguredOf } from '@tenant-monitoring/plugin-monitoring-stack-common';
import Alert from '@material-ui/lab/Alert';
import { isForbidden } from '../../lib/isForbidden';
import { NotConfiguredNotice } from '../NotConfiguredNotice';

/**
 * Why data could not be loaded: a plain sentence for 403 (the user is not
 * allowed to see it, which is no fault), the setting to set for a part that
 * is not configured (nothing failed either), the error panel for anything
 * else.
 */
export function LoadErrorPanel(props: {
  error: Error;
  forbiddenMessage?: string;
}) {
  const { error, forbiddenMessage = "You may not see this tenant's data." } =
    props;
  if (isForbidden(error)) {
    return <Alert severity="info">{forbiddenMessage}</Alert>;
  }
  const notConfigured = notConfiguredOf(error);
  if (notConfigured) {
    return <NotConfiguredNotice part={notConfigured} />;
  }
  return <ResponseErrorPanel error={error} />;
}
