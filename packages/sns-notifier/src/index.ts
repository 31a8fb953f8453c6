/**
 * The Lambda function behind the monitoring stack's SNS topics.
 *
 * @packageDocumentation
 */
export { handler, createHandler } from './handler';
export type { BatchResponse, HandlerDependencies } from './handler';
export type { NotifierConfig, Settings } from './config';
export type { DeliveryReport, DeliveryOutcome } from './deliveryReport';
