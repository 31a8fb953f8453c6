import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { PromQueryData, PromVectorSample } from '../../api';
import { CardTenant } from '../../hooks/useCardTenant';
import { useGoldenSignals } from '../../hooks/useGoldenSignals';
import { usePromQuery } from '../../hooks/usePromQuery';
import { AsyncContent } from '../AsyncContent';
import { LoadErrorPanel } from '../LoadErrorPanel';
import { QueryBox } from '../QueryBox';
import { seriesName, TimeSeriesChart } from '../TimeSeriesChart';
import {
  GOLDEN_SIGNALS,
  rangeEndingNow,
  TIME_RANGES,
  TimeRangeId,
} from './goldenSignals';
import { forCardTenant } from '../forCardTenant';

/** Props of {@link EntityTenantMetricsCard}. @public */
export type EntityTenantMetricsCardProps = {
  /** How often the charts are read again; 60 seconds by default. */
  refreshIntervalMs?: number;
  /** The range shown first; the last hour by default. */
  defaultRange?: '15m' | '1h' | '6h' | '24h' | '7d';
};

/**
 * The golden signals of the entity's tenant (CPU, memory, restarts, request
 * and error rate per namespace) over a chosen range, and a PromQL box whose
 * answer is drawn or tabled, all through the gateway, which scopes every
 * query to the tenant (the admin view reads every tenant).
 * @public
 */
export const EntityTenantMetricsCard =
  forCardTenant<EntityTenantMetricsCardProps>(TenantMetricsCard);

function TenantMetricsCard(
  props: EntityTenantMetricsCardProps & { tenant: CardTenant },
) {
  const { tenant, refreshIntervalMs } = props;
  const [range, setRange] = useState<TimeRangeId>(props.defaultRange ?? '1h');
  const signals = useGoldenSignals(tenant.tenantId, range, refreshIntervalMs);
  return (
    <div data-testid="tenant-metrics-card">
      <InfoCard
        title="Metrics"
        subheader={tenant.title}
        action={
          <TextField
            select
            size="small"
            label="Time range"
            value={range}
            onChange={e => setRange(e.target.value as TimeRangeId)}
            inputProps={{ 'aria-label': 'Time range' }}
          >
            {TIME_RANGES.map(r => (
              <MenuItem key={r.id} value={r.id}>
                {r.label}
              </MenuItem>
            ))}
          </TextField>
        }
      >
        <AsyncContent value={signals.value} error={signals.error}>
          {results => (
            <Grid container spacing={2}>
              {GOLDEN_SIGNALS.map(signal => {
                const result = results.find(r => r.id === signal.id);
                return (
                  <Grid item xs={12} md={6} lg={4} key={signal.id}>
                    <Typography variant="subtitle2">{signal.title}</Typography>
                    {result?.error ? (
                      <LoadErrorPanel error={result.error} />
                    ) : (
                      <TimeSeriesChart
                        title={signal.title}
                        series={result?.series ?? []}
                        format={signal.format}
                      />
                    )}
                  </Grid>
                );
              })}
            </Grid>
          )}
        </AsyncContent>
        <Box mt={3}>
          <PromQueryPanel tenant={tenant} range={range} />
        </Box>
      </InfoCard>
    </div>
  );
}

function PromQueryPanel(props: { tenant: CardTenant; range: TimeRangeId }) {
  const { tenant, range } = props;
  const [query, setQuery] = useState('');
  const [overRange, setOverRange] = useState(true);
  const result = usePromQuery(tenant.tenantId);
  const run = () =>
    result.run(query, overRange ? rangeEndingNow(range) : undefined);
  return (
    <>
      <Typography variant="subtitle1">Query</Typography>
      <QueryBox
        language="PromQL"
        value={query}
        onChange={setQuery}
        onRun={run}
        running={result.running}
        placeholder="sum by (namespace) (rate(container_cpu_usage_seconds_total[5m]))"
        helperText={
          tenant.admin
            ? 'Reads every tenant (admin view).'
            : "The gateway adds the tenant's matcher to every selector."
        }
      />
      <FormControlLabel
        control={
          <Switch
            checked={overRange}
            onChange={e => setOverRange(e.target.checked)}
            color="primary"
          />
        }
        label="Over the time range (off: the value now, as a table)"
      />
      {result.error && <LoadErrorPanel error={result.error} />}
      {result.data && <QueryAnswer data={result.data} />}
    </>
  );
}

type VectorRow = { id: string; series: string; value: string };

const VECTOR_COLUMNS: TableColumn<VectorRow>[] = [
  { title: 'Series', field: 'series' },
  { title: 'Value', field: 'value', align: 'right' },
];

/** A matrix drawn, a vector tabled, a scalar said. */
function QueryAnswer(props: { data: PromQueryData }) {
  const { data } = props;
  if (data.resultType === 'matrix') {
    return <TimeSeriesChart title="Query result" series={data.result} />;
  }
  if (data.resultType === 'vector') {
    const rows = (data.result as PromVectorSample[]).map((s, i) => ({
      id: String(i),
      series: seriesName(s.metric),
      value: s.value[1],
    }));
    return (
      <Table<VectorRow>
        options={{ paging: rows.length > 10, search: false, toolbar: false }}
        columns={VECTOR_COLUMNS}
        data={rows}
        emptyContent={
          <Typography variant="body2" color="textSecondary">
            The query answered no series.
          </Typography>
        }
      />
    );
  }
  return <Typography variant="body1">{data.result[1]}</Typography>;
}
