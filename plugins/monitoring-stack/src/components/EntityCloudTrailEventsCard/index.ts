export { EntityCloudTrailEventsCard } from './EntityCloudTrailEventsCard';
export type { EntityCloudTrailEventsCardProps } from './EntityCloudTrailEventsCard';
