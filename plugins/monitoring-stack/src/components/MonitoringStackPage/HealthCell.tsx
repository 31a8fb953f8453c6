import { TenantSummary } from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import WarningIcon from '@material-ui/icons/Warning';

/**
 * A tenant's health in the portal table: its state, and how many parts
 * could not be read as a short chip, what failed in its tooltip, so that
 * no error text fills the cell.
 */
export function HealthCell(props: {
  health: TenantSummary['health'];
  errors: string[];
}) {
  const { health, errors } = props;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      <Chip
        size="small"
        label={health}
        color={health === 'ok' ? 'default' : 'secondary'}
      />
      {errors.length > 0 && (
        <Tooltip
          title={
            <>
              {errors.map(e => (
                <div key={e}>{e}</div>
              ))}
            </>
          }
        >
          <Chip
            size="small"
            variant="outlined"
            icon={<WarningIcon />}
            label={`${errors.length} ${
              errors.length === 1 ? 'part' : 'parts'
            } not read`}
          />
        </Tooltip>
      )}
    </Box>
  );
}
