// @ts-check

/**
 * The source of each CloudTrail event: the reader reads the watched calls on
 * the stack's own AWS resources (S3, SNS, Lambda, CloudTrail) besides the
 * EKS API. Every event stored before was the EKS API's.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cloudtrail_events', table => {
    table
      .string('event_source', 128)
      .nullable()
      .comment('CloudTrail eventSource, e.g. eks.amazonaws.com');
  });
  await knex('cloudtrail_events')
    .whereNull('event_source')
    .update({ event_source: 'eks.amazonaws.com' });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cloudtrail_events', table => {
    table.dropColumn('event_source');
  });
};
