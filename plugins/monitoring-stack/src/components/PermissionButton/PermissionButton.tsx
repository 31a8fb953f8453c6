import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';

/** A button that is disabled, saying why, when the user may not use it. */
export function PermissionButton(props: {
  /** Why the user may not use it; the button is enabled when undefined. */
  denied?: string;
  label: string;
  disabled?: boolean;
  variant?: 'contained' | 'outlined';
  onClick: () => void;
  children: string;
}) {
  const button = (
    <Button
      size="small"
      color="primary"
      variant={props.variant ?? 'outlined'}
      aria-label={props.label}
      disabled={Boolean(props.denied) || props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </Button>
  );
  // A disabled button takes no pointer events: the tooltip needs a wrapper.
  return props.denied ? (
    <Tooltip title={props.denied}>
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}
