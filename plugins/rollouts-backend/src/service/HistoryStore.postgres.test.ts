/*
 * The history store on every database engine Backstage test utilities can reach here: SQLite always, PostgreSQL
 * when a BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING variable points at a server (scripts/test.sh starts
 * one when it can). Without such a variable the PostgreSQL cases are not registered at all.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import knexFactory from 'knex';
import { TestDatabases, TestDatabaseId } from '@backstage/backend-test-utils';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';
import type { HistoryEntry } from '@rollscope/rollouts-common';
import { HistoryStore, migrationsDir, transitions } from './HistoryStore';

jest.setTimeout(60000);

const POSTGRES_IDS: TestDatabaseId[] = ['POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'POSTGRES_14', 'POSTGRES_13', 'POSTGRES_12'];
const pgEnv = (id: string) => `BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`;
const postgresIds = POSTGRES_IDS.filter(id => Boolean(process.env[pgEnv(id)]));
/** Explicit ids: under CI=true TestDatabases would otherwise try Docker for every engine. */
const databases = TestDatabases.create({ ids: ['SQLITE_3', ...postgresIds], disableDocker: true });

const KEY = 'prod/Rollout/shop/checkout';
const MIGRATIONS = { directory: migrationsDir(), tableName: 'rollouts_knex_migrations' };
type NewEntry = Omit<HistoryEntry, 'id' | 'at'>;

describe.each(databases.eachSupportedId())('HistoryStore on %s', databaseId => {
  let knex: Knex;
  beforeEach(async () => {
    knex = await databases.init(databaseId);
  });

  it('runs the real migrations, and rolls forward again without error on the next start', async () => {
    await HistoryStore.create(knex);
    const columns = await knex('rollouts_history').columnInfo();
    expect(Object.keys(columns).sort()).toEqual(
      ['action', 'actor', 'at', 'canary_percent', 'delivery_key', 'from_value', 'id', 'message', 'outcome', 'revision', 'step_index', 'to_value', 'type'].sort(),
    );
    const first = await HistoryStore.create(knex);
    await first.record([{ deliveryKey: KEY, type: 'phase', message: 'Healthy → Progressing', from: 'Healthy', to: 'Progressing' }]);
    // A restart: migrations run again on a database that is already current.
    const second = await HistoryStore.create(knex);
    expect(await knex.migrate.currentVersion(MIGRATIONS)).toBe('20261206');
    const [{ n }] = await knex('rollouts_knex_migrations').count({ n: '*' });
    expect(Number(n)).toBe(fs.readdirSync(migrationsDir()).filter(f => f.endsWith('.js')).length); // each migration once
    expect(Object.keys(await knex('rollouts_audit').columnInfo())).toContain('delivery_key');
    expect((await second.list(KEY)).map(e => e.message)).toEqual(['Healthy → Progressing']);
    // skipMigrations (backend.database config `skipMigrations`) leaves an existing schema usable.
    const third = await HistoryStore.create(knex, { skipMigrations: true });
    expect(await third.list(KEY)).toHaveLength(1);
  });

  it('lets two backends that start at the same moment on an empty database both come up', async () => {
    const stores = await Promise.all([HistoryStore.create(knex), HistoryStore.create(knex)]);
    await stores[0].record([{ deliveryKey: KEY, type: 'phase', message: 'Healthy → Progressing', from: 'Healthy', to: 'Progressing' }]);
    expect((await stores[1].list(KEY)).map(e => e.to)).toEqual(['Progressing']);
  });

  it('stores phase, step, weight, revision and action entries with every field intact, in order', async () => {
    const store = await HistoryStore.create(knex);
    const seen: HistoryEntry[] = [];
    store.onEntry(e => seen.push(e));
    const rows = transitions(
      { key: KEY, phase: 'Paused', revision: 2, currentStepIndex: 1, canaryPercent: 20 },
      { key: KEY, phase: 'Progressing', revision: 3, currentStepIndex: 2, canaryPercent: 12.5 },
    );
    expect(rows.map(r => r.type)).toEqual(['revision', 'phase', 'step', 'weight']);
    const at = new Date('2026-11-20T10:00:00.123Z');
    const written = await store.record(rows, at);
    const action: NewEntry = {
      deliveryKey: KEY,
      type: 'action',
      message: 'Promoted by user:default/zoë',
      actor: 'user:default/zoë',
      action: 'promote',
      outcome: 'succeeded',
      revision: 3,
    };
    await store.record([action], new Date('2026-11-20T10:00:01Z'));

    const listed = await store.list(KEY);
    expect(listed.map(e => e.type)).toEqual(['revision', 'phase', 'step', 'weight', 'action']);
    expect(listed.slice(0, 4)).toEqual(written);
    expect(seen).toEqual(listed);
    for (const e of listed) expect(typeof e.id).toBe('string');
    const ids = listed.map(e => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);

    expect(listed[0]).toEqual({ id: listed[0].id, deliveryKey: KEY, at: at.toISOString(), type: 'revision', message: 'Revision 2 → 3', from: '2', to: '3', revision: 3 });
    expect(listed[2]).toMatchObject({ type: 'step', from: '1', to: '2', stepIndex: 2, revision: 3 });
    expect(listed[3]).toMatchObject({ type: 'weight', from: '20', to: '12.5', canaryPercent: 12.5 });
    expect(typeof listed[3].canaryPercent).toBe('number');
    expect(listed[4]).toEqual({ ...action, id: listed[4].id, at: '2026-11-20T10:00:01.000Z' });
    // Absent optional fields stay absent (no nulls on the wire).
    expect(Object.keys(listed[1]).sort()).toEqual(['at', 'deliveryKey', 'from', 'id', 'message', 'revision', 'to', 'type']);
  });

  it('keeps deliveries apart, returns the newest rows for a limit in time order, and keeps concurrent writes in call order', async () => {
    const store = await HistoryStore.create(knex);
    const other = 'prod/CanaryDelivery/shop/checkout';
    const longKey = `a-cluster-with-a-long-name/Rollout/${'n'.repeat(63)}/${'x'.repeat(253)}`;
    const pending: Promise<HistoryEntry[]>[] = [];
    for (let i = 0; i < 20; i++) {
      const key = i % 2 ? other : KEY;
      pending.push(store.record([{ deliveryKey: key, type: 'step', message: `Step ${i}`, stepIndex: i }]));
    }
    pending.push(store.record([{ deliveryKey: longKey, type: 'weight', message: 'w', canaryPercent: 0 }]));
    pending.push(store.record([{ deliveryKey: longKey, type: 'weight', message: 'w', canaryPercent: 33.3 }]));
    await Promise.all(pending);

    expect((await store.list(KEY)).map(e => e.stepIndex)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect((await store.list(other)).map(e => e.stepIndex)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    expect((await store.list(KEY, 3)).map(e => e.stepIndex)).toEqual([14, 16, 18]);
    expect(await store.list('prod/Rollout/shop/none')).toEqual([]);
    expect((await store.list(longKey)).map(e => [e.deliveryKey, e.canaryPercent])).toEqual([[longKey, 0], [longKey, 33.3]]);
  });

  it('prunes rows older than the retention window and nothing else', async () => {
    const store = await HistoryStore.create(knex);
    const now = new Date('2026-11-24T00:00:00Z');
    const day = 86400000;
    await store.record([{ deliveryKey: KEY, type: 'phase', message: 'old' }], new Date(now.getTime() - 40 * day));
    await store.record([{ deliveryKey: 'prod/Canary/shop/api', type: 'phase', message: 'old too' }], new Date(now.getTime() - 31 * day));
    await store.record([{ deliveryKey: KEY, type: 'phase', message: 'edge' }], new Date(now.getTime() - 30 * day + 1));
    await store.record([{ deliveryKey: KEY, type: 'phase', message: 'new' }], new Date(now.getTime() - day));

    const removed = await store.prune(30, now);
    expect(removed).toBe(2);
    expect(typeof removed).toBe('number');
    expect((await store.list(KEY)).map(e => e.message)).toEqual(['edge', 'new']);
    expect(await store.list('prod/Canary/shop/api')).toEqual([]);
    expect(await store.prune(30, now)).toBe(0);
  });

  it('reports a write the database refuses instead of failing later writes', async () => {
    const store = await HistoryStore.create(knex);
    const bad = store.record([{ deliveryKey: KEY, type: 'phase', message: null as unknown as string }]);
    // Matched by message: better-sqlite3's error class may come from another test file's module realm.
    const error: any = await bad.then(() => undefined, e => e);
    expect(String(error?.message)).toMatch(/not[- ]null/i);
    await store.record([{ deliveryKey: KEY, type: 'phase', message: 'after' }]);
    expect((await store.list(KEY)).map(e => e.message)).toEqual(['after']);
  });
});

/** The path a Backstage backend takes: `backend.database` config → DatabaseManager → plugin client. */
const pgConnectionString = postgresIds.length ? process.env[pgEnv(postgresIds[0])] : undefined;
(pgConnectionString ? describe : describe.skip)('HistoryStore through backend.database config (PostgreSQL)', () => {
  const prefix = `rollscope_${randomUUID().slice(0, 8)}_`;
  const noop = () => {};
  const logger: any = { debug: noop, info: noop, warn: noop, error: noop, child: () => logger };
  const lifecycle: any = { addShutdownHook: noop, addStartupHook: noop };

  afterAll(async () => {
    if (!pgConnectionString) return;
    const admin = knexFactory({ client: 'pg', connection: pgConnectionString });
    try {
      await admin.raw('DROP DATABASE IF EXISTS ??', [`${prefix}rollouts`]);
    } finally {
      await admin.destroy();
    }
  });

  it('creates the plugin database, migrates it on two starts, and reads back what it wrote', async () => {
    const config = new ConfigReader({ backend: { database: { client: 'pg', connection: pgConnectionString, prefix } } });
    const start = async () => {
      const database = DatabaseManager.fromConfig(config).forPlugin('rollouts', { logger, lifecycle });
      const client = await database.getClient();
      const store = await HistoryStore.create(client, { skipMigrations: database.migrations?.skip });
      return { client, store };
    };
    const a = await start();
    expect(a.client.client.config.client).toBe('pg');
    const [{ db }] = (await a.client.raw('select current_database() as db')).rows;
    expect(db).toBe(`${prefix}rollouts`);
    await a.store.record(transitions({ key: KEY, phase: 'Paused', currentStepIndex: 0 }, { key: KEY, phase: 'Progressing', currentStepIndex: 1 }));
    await a.client.destroy();

    const b = await start();
    expect((await b.store.list(KEY)).map(e => e.type)).toEqual(['phase', 'step']);
    await b.client.destroy();
  });
});
