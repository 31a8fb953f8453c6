import { Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { LoadErrorPanel } from '../LoadErrorPanel';

/** Props of {@link AsyncContent}. */
type AsyncContentProps<T> = {
  /** The last value read, kept while a refresh is in flight. */
  value?: T;
  /** Why the last read failed. */
  error?: Error;
  /** What a 403 says instead of the backend's refusal (see `LoadErrorPanel`). */
  forbiddenMessage?: string;
  /** True when the value has nothing to show; `empty` shows instead. */
  isEmpty?: (value: T) => boolean;
  /** What shows for an empty value; a string shows as secondary text. */
  empty?: ReactNode;
  /** The content for a value. */
  children: (value: T) => ReactNode;
};

/**
 * The states every card and the page share while reading data: the error
 * (a plain sentence for 403), progress until the first value, what to say
 * when there is nothing to show, and the content.
 */
export function AsyncContent<T>(props: AsyncContentProps<T>) {
  const { value, error, forbiddenMessage, isEmpty, empty, children } = props;
  if (error) {
    return <LoadErrorPanel error={error} forbiddenMessage={forbiddenMessage} />;
  }
  if (value === undefined) {
    return <Progress />;
  }
  if (isEmpty?.(value)) {
    return typeof empty === 'string' ? (
      <Typography variant="body2" color="textSecondary">
        {empty}
      </Typography>
    ) : (
      <>{empty}</>
    );
  }
  return <>{children(value)}</>;
}
