// @ts-check

/**
 * The tenant access tokens made in the portal. Only a SHA-256 hash of each
 * token's secret is kept. Times are epoch milliseconds, compared the same
 * way on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_tokens', table => {
    table.comment('Access tokens of one tenant each, made in the portal');
    table
      .string('id', 32)
      .primary()
      .notNullable()
      .comment('The <id> of mst_<id>_<secret>: the lookup key, not secret');
    table.string('tenant', 150).notNullable();
    table
      .text('rights')
      .notNullable()
      .comment('JSON array of read, silence, write');
    table.string('description', 400).notNullable();
    table.string('created_by', 400).notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('expires_at').notNullable();
    table.bigInteger('rotated_at').nullable();
    table.bigInteger('revoked_at').nullable();
    table
      .bigInteger('last_used_at')
      .nullable()
      .comment('written at most once a minute per replica');
    table
      .string('secret_hash', 64)
      .notNullable()
      .comment('hex SHA-256 of the secret; the secret itself is never stored');
    table.index(['tenant', 'created_at'], 'tenant_tokens_tenant_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tenant_tokens');
};
