/*
 * Rollscope history: phase / step / weight / revision transitions and actions, per delivery.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollouts_history', table => {
    table.comment('Release timeline of progressive deliveries');
    table.bigIncrements('id').primary();
    table.string('delivery_key', 600).notNullable().comment('cluster/kind/namespace/name');
    table.string('at', 40).notNullable().comment('ISO time');
    table.string('type', 20).notNullable();
    table.text('message').notNullable();
    table.text('from_value').nullable();
    table.text('to_value').nullable();
    table.float('canary_percent').nullable();
    table.integer('revision').nullable();
    table.integer('step_index').nullable();
    table.string('actor', 300).nullable();
    table.string('action', 40).nullable();
    table.string('outcome', 20).nullable();
    table.index(['delivery_key', 'id'], 'rollouts_history_key_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollouts_history');
};
