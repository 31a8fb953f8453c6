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
  const data = props.series.map(p => ({ ...p, time: timeOfDay(p.at) }));
  // A fixed size: ResponsiveContainer needs a measured parent, and the card is narrow anyway.
  return (
    <figure aria-label={props.title} style={{ margin: 0 }}>
      <BarChart width={420} height={160} data={data}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="time" fontSize={11} />
        <YAxis allowDecimals={false} fontSize={11} width={32} />
        <Tooltip />
        <Legend />
        <Bar
          dataKey="delivered"
          name="Delivered"
          stackId="n"
          fill="#2e7d32"
          isAnimationActive={false}
        />
        <Bar
          dataKey="failed"
          name="Failed"
          stackId="n"
          fill="#c62828"
          isAnimationActive={false}
        />
      </BarChart>
    </figure>
  );
}
