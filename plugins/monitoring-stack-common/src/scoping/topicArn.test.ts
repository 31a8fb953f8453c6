import { isTopicArn, parseTopicArn, topicArn } from './topicArn';

describe('topic ARNs', () => {
  it('splits a topic ARN of any partition', () => {
    expect(
      parseTopicArn('arn:aws-cn:sns:cn-north-1:123456789012:a_b-c'),
    ).toEqual({
      partition: 'aws-cn',
      region: 'cn-north-1',
      accountId: '123456789012',
      name: 'a_b-c',
    });
  });

  it.each([
    'arn:aws:sqs:eu-west-1:123456789012:q',
    'arn:aws:sns:eu-west-1:12345:t',
    'arn:aws:sns:eu-west-1:123456789012:a.fifo',
    'arn:aws:sns:eu-west-1:123456789012:t\n',
  ])('refuses %j', arn => {
    expect(isTopicArn(arn)).toBe(false);
    expect(parseTopicArn(arn)).toBeUndefined();
  });

  it('builds a topic ARN and names what is wrong', () => {
    expect(topicArn('eu-west-1', '123456789012', 'alerts')).toBe(
      'arn:aws:sns:eu-west-1:123456789012:alerts',
    );
    expect(() => topicArn('eu-west-1', '1234', 'alerts')).toThrow(
      "'arn:aws:sns:eu-west-1:1234:alerts' is not an SNS topic ARN",
    );
  });
});
