import { CloudTrailEvent } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { Knex } from 'knex';
import { withDatabase } from '../database/databaseErrors';
import { EKS_EVENT_SOURCE, StoredCloudTrailEvent } from './cloudTrailEvents';

const EVENTS = 'cloudtrail_events';
const READER = 'cloudtrail_reader';
const READER_ID = 'eks';

type EventRow = {
  event_id: string;
  /** Null only before the reader stored sources. */
  event_source: string | null;
  event_name: string;
  event_time: number | string;
  username: string | null;
  source_ip: string | null;
  error_code: string | null;
  resources: string;
  cluster: string | null;
  attention: boolean | number;
  notified_at: number | string | null;
};

/** What the reader last did; times in epoch milliseconds. */
export type ReaderState = {
  cursorTime?: number;
  lastRunAt?: number;
  lastSuccessAt?: number;
  lastError?: string;
};

// PostgreSQL returns bigint columns as strings.
const num = (v: number | string | null | undefined) =>
  v === null || v === undefined ? undefined : Number(v);

function toStored(row: EventRow): StoredCloudTrailEvent {
  return {
    eventId: row.event_id,
    // The migration filled in EKS; a row written by an older replica during a rollout may still lack it.
    eventSource: row.event_source ?? EKS_EVENT_SOURCE,
    eventName: row.event_name,
    eventTime: Number(row.event_time),
    username: row.username ?? undefined,
    sourceIp: row.source_ip ?? undefined,
    errorCode: row.error_code ?? undefined,
    resources: JSON.parse(row.resources),
    cluster: row.cluster ?? undefined,
    attention: Boolean(row.attention),
  };
}

/** The CloudTrail events and the reader's cursor in the plugin's database. */
export class CloudTrailStore {
  constructor(private readonly knex: Knex) {}

  /** Stores the events not stored yet and returns those, in one transaction. */
  async addNew(
    events: StoredCloudTrailEvent[],
  ): Promise<StoredCloudTrailEvent[]> {
    return withDatabase('store CloudTrail events', async () => {
      if (events.length === 0) return [];
      return this.knex.transaction(async tx => {
        const ids = [...new Set(events.map(e => e.eventId))];
        const known = new Set(
          (await tx(EVENTS).whereIn('event_id', ids).select('event_id')).map(
            (r: { event_id: string }) => r.event_id,
          ),
        );
        const fresh = [
          ...new Map(
            events.filter(e => !known.has(e.eventId)).map(e => [e.eventId, e]),
          ).values(),
        ];
        if (fresh.length > 0) {
          await tx(EVENTS).insert(
            fresh.map(e => ({
              event_id: e.eventId,
              event_source: e.eventSource,
              event_name: e.eventName,
              event_time: e.eventTime,
              username: e.username ?? null,
              source_ip: e.sourceIp ?? null,
              error_code: e.errorCode ?? null,
              resources: JSON.stringify(e.resources),
              cluster: e.cluster ?? null,
              attention: e.attention,
            })),
          );
        }
        return fresh;
      });
    });
  }

  /** Events that need attention and were not notified yet, oldest first. */
  async pendingNotifications(): Promise<StoredCloudTrailEvent[]> {
    return withDatabase('read pending CloudTrail notifications', async () => {
      const rows = await this.knex<EventRow>(EVENTS)
        .where({ attention: true })
        .whereNull('notified_at')
        .orderBy('event_time', 'asc');
      return rows.map(toStored);
    });
  }

  /** Records that the event's notification was published. */
  async markNotified(eventId: string, at: number): Promise<void> {
    return withDatabase('record a CloudTrail notification', async () => {
      await this.knex(EVENTS)
        .where({ event_id: eventId })
        .update({ notified_at: at });
    });
  }

  /** Events that need attention since `since`, newest first. */
  async attentionSince(since: number): Promise<StoredCloudTrailEvent[]> {
    return withDatabase('read CloudTrail events', async () => {
      const rows = await this.knex<EventRow>(EVENTS)
        .where({ attention: true })
        .where('event_time', '>=', since)
        .orderBy('event_time', 'desc');
      return rows.map(toStored);
    });
  }

  /** The newest events for the API. */
  async list(limit: number): Promise<CloudTrailEvent[]> {
    return withDatabase('read CloudTrail events', async () => {
      const rows = await this.knex<EventRow>(EVENTS)
        .orderBy([
          { column: 'event_time', order: 'desc' },
          { column: 'event_id', order: 'asc' },
        ])
        .limit(limit);
      return rows.map(row => {
        const e = toStored(row);
        return {
          eventId: e.eventId,
          eventSource: e.eventSource,
          eventName: e.eventName,
          eventTime: new Date(e.eventTime).toISOString(),
          username: e.username,
          sourceIp: e.sourceIp,
          errorCode: e.errorCode,
          resources: e.resources,
          notified: row.notified_at !== null,
        };
      });
    });
  }

  /** Deletes events older than `before`; returns how many. */
  async prune(before: number): Promise<number> {
    return withDatabase('prune CloudTrail events', async () => {
      return this.knex(EVENTS).where('event_time', '<', before).delete();
    });
  }

  /** The reader's state; empty before the first run. */
  async state(): Promise<ReaderState> {
    return withDatabase('read the CloudTrail reader state', async () => {
      const row = await this.knex(READER).where({ id: READER_ID }).first();
      if (!row) return {};
      return {
        cursorTime: num(row.cursor_time),
        lastRunAt: num(row.last_run_at),
        lastSuccessAt: num(row.last_success_at),
        lastError: row.last_error ?? undefined,
      };
    });
  }

  /** Records a run: a successful one moves the cursor, a failed one keeps it. */
  async recordRun(run: {
    at: number;
    cursorTime?: number;
    error?: string;
  }): Promise<void> {
    return withDatabase('record a CloudTrail reader run', async () => {
      const values: Record<string, unknown> = {
        last_run_at: run.at,
        last_error: run.error ?? null,
      };
      if (!run.error) {
        values.last_success_at = run.at;
        if (run.cursorTime !== undefined) values.cursor_time = run.cursorTime;
      }
      await this.knex(READER)
        .insert({ id: READER_ID, ...values })
        .onConflict('id')
        .merge(values);
    });
  }
}
