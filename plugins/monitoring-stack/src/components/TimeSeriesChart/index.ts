export { TimeSeriesChart, seriesName } from './TimeSeriesChart';
