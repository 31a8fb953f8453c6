import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  EventParams,
  EventsService,
  EventsServiceSubscribeOptions,
  eventsServiceRef,
} from '@backstage/plugin-events-node';

/**
 * An in-process events service shared by every plugin of a test backend, as
 * the default one is within a process (the test backend's own mock gives
 * each plugin a bus of its own). A publisher does not wait for subscribers
 * (the SQS module does not); `settled()` does, and `failures` holds what any
 * subscriber threw.
 */
export function sharedEventsBus() {
  const subscriptions: EventsServiceSubscribeOptions[] = [];
  const pending = new Set<Promise<void>>();
  const failures: unknown[] = [];
  const published: EventParams[] = [];

  const service: EventsService = {
    async publish(params) {
      published.push(params);
      const delivered = Promise.all(
        subscriptions
          .filter(s => s.topics.includes(params.topic))
          .map(async s => {
            try {
              await s.onEvent(params);
            } catch (error) {
              failures.push(error);
            }
          }),
      ).then(() => {});
      pending.add(delivered);
      delivered.finally(() => pending.delete(delivered));
      await delivered;
    },
    async subscribe(options) {
      subscriptions.push(options);
    },
  };

  return {
    factory: createServiceFactory({
      service: eventsServiceRef,
      deps: {},
      factory: () => service,
    }),
    /** The subscribers' ids and topics. */
    subscriptions,
    /** Every event published. */
    published,
    /** What subscribers threw. */
    failures,
    /** Waits until every subscriber has handled every event published so far. */
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
