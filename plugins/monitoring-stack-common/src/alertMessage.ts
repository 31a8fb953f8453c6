/**
 * The contract between Alertmanager's `sns_configs` (rendered by
 * `monitoring-stack:tenant:render`) and the notifier Lambda
 * (`packages/sns-notifier`): Alertmanager publishes readable text, and these
 * SNS message attributes say what the notifier routes by. Alertmanager's
 * templates cannot write JSON safely (0.25 has no JSON escaping), and an SNS
 * attribute value must not be empty.
 * @public
 */
export const ALERT_MESSAGE_ATTRIBUTES = {
  /** Always {@link ALERT_MESSAGE_SOURCE}: the message is an alert group's. */
  source: 'monitoring_stack_source',
  /** The tenant whose route sent it; informative, the topic decides. */
  tenant: 'tenant',
  /** `firing` or `resolved`. */
  status: 'status',
  /** The group's severity label, lower case, or {@link NO_SEVERITY}. */
  severity: 'severity',
} as const;

/** The value of the `source` attribute of an alert group's message. @public */
export const ALERT_MESSAGE_SOURCE = 'alertmanager';

/** The `severity` attribute of a group without a severity label. @public */
export const NO_SEVERITY = 'none';

/** SNS takes subjects of fewer than 100 ASCII characters. @public */
export const SNS_SUBJECT_MAX_CHARS = 99;

/**
 * The name under which the notifier's CloudFormation stack
 * (`packages/sns-notifier/cloudformation/notifier.yaml`, parameter
 * `Cluster`) exports its function's ARN, and which every tenant stack that
 * `tenant:render` writes imports to subscribe the function to its topic.
 * @public
 */
export function notifierArnExport(cluster: string): string {
  return `${cluster}-sns-notifier-arn`;
}
