import { Text } from '@backstage/ui';
import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { PromMatrixSeries } from '../../api';
import { useChartTheme } from '../../hooks/useChartTheme';

/** The name of a series in the legend: its namespace, else its labels. */
export function seriesName(metric: Record<string, string>): string {
  if (metric.namespace !== undefined && Object.keys(metric).length === 1) {
    return metric.namespace || '(no namespace)';
  }
  const labels = Object.entries(metric)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return `${metric.__name__ ?? ''}{${labels}}`;
}

const time = (seconds: number) =>
  new Date(seconds * 1000).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });

/** Series of a range query as lines over time, one colour per series. */
export function TimeSeriesChart(props: {
  series: PromMatrixSeries[];
  height?: number;
  format?: (value: number) => string;
  title?: string;
}) {
  const { series, height = 200, format = v => v.toPrecision(3) } = props;
  const theme = useChartTheme();
  const { data, names } = useMemo(() => {
    const byTime = new Map<number, Record<string, number>>();
    const seriesNames = series.map(s => seriesName(s.metric));
    series.forEach((s, i) =>
      s.values.forEach(([t, v]) => {
        const row = byTime.get(t) ?? { t };
        row[seriesNames[i]] = Number(v);
        byTime.set(t, row);
      }),
    );
    return {
      data: [...byTime.values()].sort((a, b) => a.t - b.t),
      names: seriesNames,
    };
  }, [series]);
  if (series.length === 0) {
    return (
      <Text as="p" variant="body-medium" color="secondary">
        No data in this range.
      </Text>
    );
  }
  return (
    <div data-testid="time-series-chart" aria-label={props.title}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke={theme.grid} />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={time}
            tick={{ fill: theme.text }}
            stroke={theme.grid}
          />
          <YAxis
            tickFormatter={v => format(Number(v))}
            width={60}
            tick={{ fill: theme.text }}
            stroke={theme.grid}
          />
          <Tooltip
            labelFormatter={v => new Date(Number(v) * 1000).toLocaleString()}
            formatter={v => format(Number(v))}
            contentStyle={theme.tooltip}
          />
          <Legend wrapperStyle={{ color: theme.text }} />
          {names.map((name, i) => (
            <Line
              key={name}
              dataKey={name}
              name={name}
              dot={false}
              isAnimationActive={false}
              stroke={theme.series[i % theme.series.length]}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
