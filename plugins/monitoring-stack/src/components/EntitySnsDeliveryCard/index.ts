export { EntitySnsDeliveryCard } from './EntitySnsDeliveryCard';
export type { EntitySnsDeliveryCardProps } from './EntitySnsDeliveryCard';
