/**
 * The Lambda function behind the monitoring stack's SNS topics.
 *
 * @packageDocumentation
 */
export { handler, createHandler } from './handler';
export type { BatchResponse, HandlerDependencies } from './handler';
export type { NotifierConfig, RoutingSource, Settings } from './config';
export {
  fixedRoutingDocument,
  RefreshingRoutingDocument,
} from './routingDocument';
export type {
  DocumentText,
  RefreshingRoutingDocumentOptions,
  RoutingDocument,
} from './routingDocument';
export type { DeliveryReport, DeliveryOutcome } from './deliveryReport';
