// @ts-check

/**
 * Notifications the SNS HTTPS endpoint received and delivery outcomes the
 * notifier reported, both kept for `monitoringStack.sns.retentionDays`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('sns_notifications', table => {
    table.comment(
      'SNS notifications received on POST /sns/receive, signature verified',
    );
    table
      .string('message_id', 100)
      .primary()
      .comment('SNS MessageId; a redelivery is stored once');
    table.string('topic_arn', 400).notNullable();
    table.string('subject', 100).nullable();
    table.text('message').notNullable();
    table
      .timestamp('sent_at', { useTz: true })
      .notNullable()
      .comment('The Timestamp SNS signed');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.index(['topic_arn', 'received_at'], 'sns_notifications_topic_idx');
    table.index(['received_at'], 'sns_notifications_received_idx');
  });
  await knex.schema.createTable('sns_deliveries', table => {
    table.comment(
      'Delivery outcomes the SNS notifier reported on POST /sns/deliveries',
    );
    table.bigIncrements('id').primary();
    table.string('message_id', 100).notNullable();
    table.string('channel', 20).notNullable();
    table.string('target', 300).notNullable().comment('Masked by the notifier');
    table.string('topic_arn', 400).notNullable();
    table.string('tenant', 150).notNullable();
    table.string('status', 20).notNullable();
    table.integer('attempts').notNullable();
    table.text('error').nullable();
    table
      .timestamp('at', { useTz: true })
      .notNullable()
      .comment('Time of the last attempt');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.unique(['message_id', 'channel', 'target'], {
      indexName: 'sns_deliveries_key_idx',
    });
    table.index(['topic_arn', 'at'], 'sns_deliveries_topic_idx');
    table.index(['received_at'], 'sns_deliveries_received_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('sns_deliveries');
  await knex.schema.dropTable('sns_notifications');
};
