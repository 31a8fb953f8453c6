/**
 * The parts of an SNS topic ARN (`arn:aws:sns:<region>:<account-id>:<name>`).
 * @public
 */
export type TopicArnParts = {
  partition: string;
  region: string;
  accountId: string;
  name: string;
};

const TOPIC_ARN =
  /^arn:(aws[a-z-]*):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

/** What a topic ARN must look like, for error messages. @public */
export const TOPIC_ARN_FORMAT = 'arn:aws:sns:<region>:<account-id>:<name>';

/** Splits an SNS topic ARN; undefined when it is not one. @public */
export function parseTopicArn(arn: string): TopicArnParts | undefined {
  const match = TOPIC_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, name] = match;
  return { partition, region, accountId, name };
}

/** True when `arn` is an SNS topic ARN. @public */
export function isTopicArn(arn: string): boolean {
  return TOPIC_ARN.test(arn);
}

/** The ARN of topic `name` in the standard partition. @public */
export function topicArn(region: string, accountId: string, name: string) {
  const arn = `arn:aws:sns:${region}:${accountId}:${name}`;
  if (!isTopicArn(arn)) {
    throw new Error(
      `'${arn}' is not an SNS topic ARN (${TOPIC_ARN_FORMAT}): check the region, the 12-digit account id and the topic name`,
    );
  }
  return arn;
}
