/**
 * The AWS services whose calls on the stack's own resources alert from
 * outside the cluster. @public
 */
export type StackWatchService = 's3' | 'sns' | 'lambda' | 'cloudtrail';

/** The watched calls of one service, as CloudTrail records them. @public */
export type StackWatchEvents = {
  /** CloudTrail's `eventSource`, e.g. `s3.amazonaws.com`. */
  eventSource: string;
  eventNames: readonly string[];
  /**
   * `prefix` for Lambda, whose event names carry an API version
   * (`DeleteFunction20150331`, `RemovePermission20150331v2`).
   */
  match: 'exact' | 'prefix';
};

/**
 * The one list of watched calls on the stack's own resources (buckets,
 * alert topics, the notifier function, the trail). Two consumers must agree
 * on it: the notifier's EventBridge rules in
 * `packages/sns-notifier/cloudformation/notifier.yaml` (a test there holds
 * their `eventName` lists equal to this), and the backend's CloudTrail
 * reader, which looks these calls up with `LookupEvents`.
 * @public
 */
export const STACK_WATCH_EVENTS: Readonly<
  Record<StackWatchService, StackWatchEvents>
> = {
  s3: {
    eventSource: 's3.amazonaws.com',
    eventNames: [
      'DeleteBucket',
      'PutBucketLifecycle',
      'DeleteBucketLifecycle',
      'PutBucketPolicy',
      'DeleteBucketPolicy',
    ],
    match: 'exact',
  },
  sns: {
    eventSource: 'sns.amazonaws.com',
    eventNames: [
      'DeleteTopic',
      'Unsubscribe',
      'SetTopicAttributes',
      'RemovePermission',
    ],
    match: 'exact',
  },
  lambda: {
    eventSource: 'lambda.amazonaws.com',
    eventNames: [
      'DeleteFunction',
      'RemovePermission',
      'UpdateFunctionConfiguration',
      'PutFunctionConcurrency',
    ],
    match: 'prefix',
  },
  cloudtrail: {
    eventSource: 'cloudtrail.amazonaws.com',
    eventNames: [
      'StopLogging',
      'DeleteTrail',
      'UpdateTrail',
      'PutEventSelectors',
    ],
    match: 'exact',
  },
};

/**
 * The watched service of a call, from its event source and name; undefined
 * for a call that is not watched (SQS has a `RemovePermission` too).
 * @public
 */
export function stackWatchService(
  eventSource: string,
  eventName: string,
): StackWatchService | undefined {
  return (Object.keys(STACK_WATCH_EVENTS) as StackWatchService[]).find(s => {
    const watched = STACK_WATCH_EVENTS[s];
    return (
      watched.eventSource === eventSource &&
      watched.eventNames.some(n =>
        watched.match === 'prefix' ? eventName.startsWith(n) : eventName === n,
      )
    );
  });
}

/**
 * A CloudTrail event source as the portal shows it: `s3` for
 * `s3.amazonaws.com`, `eks` for `eks.amazonaws.com`.
 * @public
 */
export function eventSourceLabel(eventSource: string): string {
  return eventSource.replace(/\.amazonaws\.com$/, '');
}
