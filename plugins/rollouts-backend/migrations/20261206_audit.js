/*
 * Rollscope audit trail: every attempt (actions in every outcome, and every refused request), kept
 * for rollouts.auditRetentionDays.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollouts_audit', table => {
    table.comment('Every action attempt and refused request of the rollouts API');
    table.bigIncrements('id').primary();
    table.string('at', 40).notNullable().comment('ISO time');
    table.string('event_id', 40).notNullable();
    table.string('actor', 300).notNullable();
    table.string('outcome', 30).notNullable();
    table.integer('status').notNullable();
    table.string('method', 10).notNullable();
    table.string('path', 600).notNullable();
    table.string('scope', 300).nullable();
    table.string('action', 40).nullable();
    table.string('delivery_key', 600).nullable();
    table.text('message').nullable();
    table.index(['at'], 'rollouts_audit_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollouts_audit');
};
