import {
  DeliveryOutcome,
  ReceivedNotification,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { Knex } from 'knex';
import { withDatabase } from '../database/databaseErrors';

/** A verified SNS notification, as the receiver stores it. */
export type NotificationRecord = {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  sentAt: Date;
};

type NotificationRow = {
  message_id: string;
  topic_arn: string;
  subject: string | null;
  message: string;
  received_at: Date | string | number;
};

type DeliveryRow = {
  message_id: string;
  topic_arn: string;
  tenant: string;
  channel: DeliveryOutcome['channel'];
  target: string;
  status: DeliveryOutcome['status'];
  attempts: number;
  error: string | null;
  at: Date | string | number;
};

// A listing shows the start of long messages; the card is no message viewer.
const MESSAGE_PREVIEW_CHARS = 4096;

// SQLite hands timestamps back as epoch milliseconds, PostgreSQL as Dates.
const toIso = (value: Date | string | number) => new Date(value).toISOString();

/** Received notifications and reported deliveries in the plugin's database. */
export class SnsStore {
  constructor(private readonly knex: Knex) {}

  /** Stores a notification once; false when its MessageId was stored before. */
  async addNotification(
    record: NotificationRecord,
    receivedAt: Date,
  ): Promise<boolean> {
    return withDatabase('store a notification', async () => {
      const inserted = await this.knex('sns_notifications')
        .insert({
          message_id: record.messageId,
          topic_arn: record.topicArn,
          subject: record.subject ?? null,
          message: record.message,
          sent_at: record.sentAt,
          received_at: receivedAt,
        })
        .onConflict('message_id')
        .ignore()
        .returning('message_id');
      return inserted.length > 0;
    });
  }

  /**
   * Stores delivery outcomes, one per message, channel and target: a later
   * report (a redelivery the notifier handled again) replaces an earlier one,
   * an older one arriving late does not.
   */
  async addDeliveries(
    outcomes: DeliveryOutcome[],
    receivedAt: Date,
  ): Promise<void> {
    return withDatabase('store delivery reports', async () => {
      if (outcomes.length === 0) return;
      // One row per key in the statement: PostgreSQL refuses to upsert a row
      // twice in one INSERT. The latest attempt wins, as across reports.
      const latest = new Map<string, DeliveryOutcome>();
      for (const o of outcomes) {
        const key = JSON.stringify([o.messageId, o.channel, o.target]);
        const kept = latest.get(key);
        if (!kept || Date.parse(kept.at) <= Date.parse(o.at))
          latest.set(key, o);
      }
      await this.knex('sns_deliveries')
        .insert(
          [...latest.values()].map(o => ({
            message_id: o.messageId,
            channel: o.channel,
            target: o.target,
            topic_arn: o.topicArn,
            tenant: o.tenant,
            status: o.status,
            attempts: o.attempts,
            error: o.error ?? null,
            at: new Date(o.at),
            received_at: receivedAt,
          })),
        )
        .onConflict(['message_id', 'channel', 'target'])
        .merge()
        .where('sns_deliveries.at', '<=', this.knex.ref('excluded.at'));
    });
  }

  /** The newest notifications of the topics, newest first. */
  async recentNotifications(
    topicArns: string[],
    limit: number,
  ): Promise<ReceivedNotification[]> {
    return withDatabase('read notifications', async () => {
      if (topicArns.length === 0) return [];
      const rows: NotificationRow[] = await this.knex('sns_notifications')
        .select('message_id', 'topic_arn', 'subject', 'message', 'received_at')
        .whereIn('topic_arn', topicArns)
        .orderBy([
          { column: 'received_at', order: 'desc' },
          { column: 'message_id', order: 'asc' },
        ])
        .limit(limit);
      return rows.map(row => ({
        messageId: row.message_id,
        topicArn: row.topic_arn,
        ...(row.subject !== null && { subject: row.subject }),
        message: row.message.slice(0, MESSAGE_PREVIEW_CHARS),
        receivedAt: toIso(row.received_at),
      }));
    });
  }

  /** The newest delivery outcomes of the topics, newest attempt first. */
  async recentDeliveries(
    topicArns: string[],
    limit: number,
  ): Promise<DeliveryOutcome[]> {
    return withDatabase('read delivery reports', async () => {
      if (topicArns.length === 0) return [];
      const rows: DeliveryRow[] = await this.knex('sns_deliveries')
        .select(
          'message_id',
          'topic_arn',
          'tenant',
          'channel',
          'target',
          'status',
          'attempts',
          'error',
          'at',
        )
        .whereIn('topic_arn', topicArns)
        .orderBy([
          { column: 'at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit);
      return rows.map(row => ({
        messageId: row.message_id,
        topicArn: row.topic_arn,
        tenant: row.tenant,
        channel: row.channel,
        target: row.target,
        status: row.status,
        attempts: row.attempts,
        ...(row.error !== null && { error: row.error }),
        at: toIso(row.at),
      }));
    });
  }

  /** How many reported deliveries of the topics failed since `since`. */
  async countFailedDeliveries(
    topicArns: string[],
    since: Date,
  ): Promise<number> {
    return withDatabase('count failed deliveries', async () => {
      if (topicArns.length === 0) return 0;
      const [row] = await this.knex('sns_deliveries')
        .count({ count: '*' })
        .whereIn('topic_arn', topicArns)
        .where('status', 'failed')
        .where('at', '>=', since);
      return Number(row?.count ?? 0);
    });
  }

  /** Deletes what was received before `cutoff`; returns how many rows went. */
  async deleteReceivedBefore(
    cutoff: Date,
  ): Promise<{ notifications: number; deliveries: number }> {
    return withDatabase('delete old notifications', async () => {
      const notifications = await this.knex('sns_notifications')
        .where('received_at', '<', cutoff)
        .delete();
      const deliveries = await this.knex('sns_deliveries')
        .where('received_at', '<', cutoff)
        .delete();
      return { notifications, deliveries };
    });
  }
}
