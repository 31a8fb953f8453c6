import { ResponseErrorPanel } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import { isForbidden } from '../../lib/isForbidden';

/**
 * Why data could not be loaded: a plain sentence for 403 (the user is not
 * allowed to see it, which is no fault), the error panel for anything else.
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
  return <ResponseErrorPanel error={error} />;
}
