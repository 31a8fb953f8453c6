import { SnsDeliveryPoint } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useChartTheme } from '../../hooks/useChartTheme';

const timeOfDay = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });

/** Delivered vs failed notifications per period, as stacked bars. */
export function DeliveryChart(props: {
  series: SnsDeliveryPoint[];
  title: string;
}) {
  const theme = useChartTheme();
  const data = props.series.map(p => ({ ...p, time: timeOfDay(p.at) }));
  // A fixed size: ResponsiveContainer needs a measured parent, and the card is narrow anyway.
  return (
    <figure aria-label={props.title} style={{ margin: 0 }}>
      <BarChart width={420} height={160} data={data}>
        <CartesianGrid
          strokeDasharray="3 3"
          vertical={false}
          stroke={theme.grid}
        />
        <XAxis
          dataKey="time"
          fontSize={11}
          tick={{ fill: theme.text }}
          stroke={theme.grid}
        />
        <YAxis
          allowDecimals={false}
          fontSize={11}
          width={32}
          tick={{ fill: theme.text }}
          stroke={theme.grid}
        />
        <Tooltip contentStyle={theme.tooltip} />
        <Legend wrapperStyle={{ color: theme.text }} />
        <Bar
          dataKey="delivered"
          name="Delivered"
          stackId="n"
          fill={theme.good}
          isAnimationActive={false}
        />
        <Bar
          dataKey="failed"
          name="Failed"
          stackId="n"
          fill={theme.bad}
          isAnimationActive={false}
        />
      </BarChart>
    </figure>
  );
}
