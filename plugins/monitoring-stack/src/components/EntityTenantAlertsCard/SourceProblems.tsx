import {
  AlertSource,
  FailureReason,
  SourceStatus,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';

const SOURCE_TITLES: Record<AlertSource, string> = {
  alertmanager: 'Alertmanager',
  prometheus: 'Prometheus rules',
  loki: 'Loki ruler',
  cloudtrail: 'CloudTrail',
};

const REASON_TEXT: Record<FailureReason, string> = {
  'not-configured': 'not configured',
  unreachable: 'unreachable',
  failed: 'failed',
};

/** A source that did not answer, as the card shows it. */
export type SourceProblem = {
  title: string;
  reason: FailureReason;
  /** What the backend said, for the tooltip. */
  details: string;
};

/**
 * The sources that did not answer, each with why. A status without a
 * reason (an older backend) is `not-configured` when its error says so,
 * else `failed`.
 */
export function sourceProblems(sources: SourceStatus[]): SourceProblem[] {
  return sources
    .filter(s => !s.ok)
    .map(s => ({
      title: SOURCE_TITLES[s.source] ?? s.source,
      reason:
        s.reason ??
        (s.error === 'not configured' ? 'not-configured' : 'failed'),
      details: [s.error, s.detail].filter(Boolean).join(': '),
    }));
}

/**
 * The sources that did not answer: one banner with a short line per
 * failing source (what the backend said is in its tooltip), and the
 * sources that are not configured as a quiet line, since nothing failed.
 */
export function SourceProblems(props: { sources: SourceStatus[] }) {
  const problems = sourceProblems(props.sources);
  const failing = problems.filter(p => p.reason !== 'not-configured');
  const unconfigured = problems.filter(p => p.reason === 'not-configured');
  return (
    <>
      {failing.length > 0 && (
        <Box mb={1}>
          <Alert severity="warning">
            <div>Some alerts may be missing:</div>
            {failing.map(p => (
              <div key={p.title}>
                <Tooltip title={p.details}>
                  <span>
                    {p.title}: {REASON_TEXT[p.reason]}
                  </span>
                </Tooltip>
              </div>
            ))}
          </Alert>
        </Box>
      )}
      {unconfigured.length > 0 && (
        <Box mb={1}>
          <Typography variant="caption" color="textSecondary">
            Not configured: {unconfigured.map(p => p.title).join(', ')}
          </Typography>
        </Box>
      )}
    </>
  );
}
