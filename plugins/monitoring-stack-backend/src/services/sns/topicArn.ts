/** The parts of an SNS topic ARN (`arn:aws:sns:<region>:<account-id>:<name>`). */
export type TopicArnParts = {
  partition: string;
  region: string;
  accountId: string;
  name: string;
};

const TOPIC_ARN =
  /^arn:(aws[a-z-]*):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

/** Splits an SNS topic ARN; undefined when it is not one. */
export function parseTopicArn(arn: string): TopicArnParts | undefined {
  const match = TOPIC_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, name] = match;
  return { partition, region, accountId, name };
}
