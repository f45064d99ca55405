/*
 * Rollscope notifications: one row per notice sent (delivery, revision, event), so a flapping
 * watch, a restart or a second replica never sends it again.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollouts_notifications_sent', table => {
    table.comment('Notices sent to the owners of deliveries (deduplication ledger)');
    table.string('notice_key', 400).primary().comment('hash of delivery key, revision, event and detail');
    table.string('delivery_key', 600).notNullable().comment('cluster/kind/namespace/name');
    table.string('event', 20).notNullable();
    table.integer('revision').nullable();
    table.string('sent_at', 40).notNullable().comment('ISO time');
    table.index(['sent_at'], 'rollouts_notifications_sent_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollouts_notifications_sent');
};
