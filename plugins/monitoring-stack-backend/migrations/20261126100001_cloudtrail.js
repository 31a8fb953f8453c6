// @ts-check

/**
 * CloudTrail events of the EKS API and the reader's state. Times are epoch
 * milliseconds, compared the same way on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cloudtrail_events', table => {
    table.comment('EKS API events read from CloudTrail LookupEvents');
    table.string('event_id', 128).primary().notNullable();
    table.string('event_name', 128).notNullable();
    table.bigInteger('event_time').notNullable().index();
    table.text('username').nullable();
    table.string('source_ip', 128).nullable();
    table.string('error_code', 128).nullable();
    table
      .text('resources')
      .notNullable()
      .comment('JSON array of resource names');
    table.string('cluster', 255).nullable();
    table
      .boolean('attention')
      .notNullable()
      .defaultTo(false)
      .comment('matched a configured event name or a monitoring resource');
    table
      .bigInteger('notified_at')
      .nullable()
      .comment('when the SNS notification was published');
  });
  await knex.schema.createTable('cloudtrail_reader', table => {
    table.comment('State of the scheduled CloudTrail reader, one row');
    table.string('id', 32).primary().notNullable();
    table
      .bigInteger('cursor_time')
      .nullable()
      .comment('newest event time read');
    table.bigInteger('last_run_at').nullable();
    table.bigInteger('last_success_at').nullable();
    table.text('last_error').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cloudtrail_reader');
  await knex.schema.dropTable('cloudtrail_events');
};
