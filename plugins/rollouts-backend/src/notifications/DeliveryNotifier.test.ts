/*
 * The notifier on a real database (SQLite; PostgreSQL too when scripts/test.sh provides one): what
 * owners receive, and that replicas, restarts and replayed watch events never repeat a notice.
 */
import type { Knex } from 'knex';
import { mockServices, TestDatabases, TestDatabaseId } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { DeliveryView } from '@rollscope/rollouts-common';
import type { DeliveryIndex, IndexEntry, IndexEvent, ViewSummary } from '../service/DeliveryIndex';
import { HistoryStore } from '../service/HistoryStore';
import { DeliveryNotifier } from './DeliveryNotifier';
import { NotificationLedger } from './NotificationLedger';
import { DEFAULT_SEVERITY, NotificationOptions } from './config';
import { entityScope } from '../service/scope';
import type { ScopedEntity } from './recipients';

jest.setTimeout(60000);

const POSTGRES_IDS: TestDatabaseId[] = ['POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'POSTGRES_14', 'POSTGRES_13', 'POSTGRES_12'];
const postgresIds = POSTGRES_IDS.filter(id => Boolean(process.env[`BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`]));
const databases = TestDatabases.create({ ids: ['SQLITE_3', ...postgresIds], disableDocker: true });

const KEY = 'demo/Rollout/shop/catalog';
const entry: IndexEntry = { key: KEY, cluster: 'demo', kind: 'Rollout', namespace: 'shop', name: 'catalog', labels: { 'backstage.io/kubernetes-id': 'catalog' }, annotations: {}, digest: '', summary: { key: KEY, phase: 'Progressing' } };

const steps = ['Set weight to 20%', 'Pause for 10s', 'Set weight to 50%', 'Pause until promoted', 'Set weight to 100%'].map((text, index) => ({ index, text, kind: 'setWeight', state: 'pending' }));

function view(over: Partial<DeliveryView>): DeliveryView {
  return {
    key: KEY, uid: 'u', kind: 'Rollout', apiVersion: 'argoproj.io/v1alpha1', cluster: 'demo', namespace: 'shop', name: 'catalog', labels: {},
    status: 'Progressing', phase: 'Progressing', message: '', strategy: 'Canary', revision: 7, steps, currentStepIndex: 2, aborted: false,
    traffic: { desired: [], actual: [], routed: true, routers: [], maxTrafficWeight: 100, notes: [] },
    images: [{ image: 'ghcr.io/rollscope/catalog:1.4.2', tags: ['canary'] }], replicas: { desired: 4, current: 4, updated: 1, ready: 4, available: 4 },
    revisions: [], analysisRuns: [], experiments: [], releases: [], conditions: [], actions: [], warnings: [],
    ...over,
  } as DeliveryView;
}
const waiting = view({ status: 'Paused', phase: 'Paused', currentStepIndex: 3, pause: { reason: 'CanaryPauseStep', message: 'Paused at step 4 until promoted', manual: true } });
const aborted = view({ status: 'Degraded', phase: 'Degraded', aborted: true, message: 'RolloutAborted: metric error-rate failed' });
const summary = (v: DeliveryView): ViewSummary => ({ key: KEY, phase: v.phase, revision: v.revision, currentStepIndex: v.currentStepIndex });

/** The index's change stream, as the notifier sees it. */
function fakeIndex() {
  const listeners = new Set<(e: IndexEvent) => void>();
  return {
    index: {
      subscribe: (fn: (e: IndexEvent) => void) => {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
    } as unknown as DeliveryIndex,
    emit: (v: DeliveryView, previous?: DeliveryView) => listeners.forEach(l => l({ type: 'upsert', entry, view: v, previous: previous && summary(v === previous ? v : previous) })),
  };
}

const owned = (annotations: Record<string, string> = {}): ScopedEntity[] => {
  const all = { 'backstage.io/kubernetes-id': 'catalog', ...annotations };
  return [{ ref: 'component:default/catalog', annotations: all, scope: entityScope('component:default/catalog', all).scope }];
};
const options: NotificationOptions = { enabled: true, events: ['waiting', 'aborted', 'degraded', 'completed'], severity: DEFAULT_SEVERITY, linkBase: '' };

describe.each(databases.eachSupportedId())('DeliveryNotifier on %s', databaseId => {
  let knex: Knex;
  let history: HistoryStore;
  beforeEach(async () => {
    knex = await databases.init(databaseId);
    history = await HistoryStore.create(knex);
  });

  function replica(stream: ReturnType<typeof fakeIndex>, sent: NotificationSendOptions[], entities = () => owned(), extra: Partial<NotificationOptions> = {}) {
    const n = new DeliveryNotifier({
      index: stream.index,
      ledger: new NotificationLedger(knex),
      scopes: { matching: async () => entities() },
      notifications: { send: async o => void sent.push(o) },
      history,
      options: { ...options, ...extra },
      logger: mockServices.logger.mock(),
      retryEveryMs: 20,
    });
    n.start();
    return n;
  }

  it('tells the owners once that a release waits for them, whatever replays, replicas and restarts', async () => {
    const sent: NotificationSendOptions[] = [];
    const stream = fakeIndex();
    const [a, b] = [replica(stream, sent), replica(stream, sent)];
    stream.emit(waiting, view({}));
    stream.emit(waiting, waiting); // a flapping watch replays the same state
    stream.emit(waiting);
    await Promise.all([a.idle(), b.idle()]);
    a.stop();
    b.stop();
    const restarted = replica(stream, sent);
    stream.emit(waiting); // first sight after a restart
    await restarted.idle();
    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({ type: 'entity', entityRef: ['component:default/catalog'] });
    expect(sent[0].payload).toMatchObject({
      title: 'shop/catalog revision 7 is waiting for you to promote',
      description: 'At step 4 of 5: Pause until promoted. New image: ghcr.io/rollscope/catalog:1.4.2. Rollout in cluster demo.',
      link: '/catalog/default/component/catalog/rollouts',
      severity: 'high',
    });
    // the next manual pause of the same revision, and the next revision, are new moments
    stream.emit(view({ ...waiting, currentStepIndex: 4 }), waiting);
    stream.emit(view({ ...waiting, revision: 8 }), waiting);
    await restarted.idle();
    expect(sent).toHaveLength(3);
    restarted.stop();
  });

  it('names who aborted, sends only on the transition, and honours the opt-out annotation and event list', async () => {
    const sent: NotificationSendOptions[] = [];
    const stream = fakeIndex();
    await history.record([{ deliveryKey: KEY, type: 'action', message: 'abort by user:default/owner-alice through an AI agent: succeeded', actor: 'user:default/owner-alice', action: 'abort', outcome: 'succeeded', revision: 7 }]);
    const n = replica(stream, sent);
    stream.emit(aborted); // first sight of an old abort: not news
    stream.emit(aborted, view({}));
    await n.idle();
    expect(sent.map(s => s.payload.title)).toEqual(['shop/catalog revision 7 was aborted']);
    expect(sent[0].payload.severity).toBe('critical');
    expect(sent[0].payload.description).toContain('Abort by owner-alice through an AI agent.');
    n.stop();

    const quiet: NotificationSendOptions[] = [];
    const off = replica(stream, quiet, () => owned({ 'rollscope.io/notifications': 'off' }));
    const onlyAborts = replica(stream, quiet, () => owned({ 'rollscope.io/notifications': 'aborted' }));
    const noCompletions = replica(stream, quiet, () => owned(), { events: ['aborted'] });
    stream.emit(view({ status: 'Healthy', phase: 'Healthy', revision: 9, currentStepIndex: 5 }), view({ revision: 9 }));
    await Promise.all([off.idle(), onlyAborts.idle(), noCompletions.idle()]);
    expect(quiet).toEqual([]);
    [off, onlyAborts, noCompletions].forEach(r => r.stop());
  });

  it('waits for the catalog to know the owners, then sends', async () => {
    const sent: NotificationSendOptions[] = [];
    const stream = fakeIndex();
    let known: ScopedEntity[] = [];
    const n = replica(stream, sent, () => known);
    stream.emit(waiting);
    await n.idle();
    expect(sent).toEqual([]);
    known = owned();
    for (let i = 0; i < 100 && !sent.length; i++) await new Promise(r => setTimeout(r, 20));
    expect(sent).toHaveLength(1);
    n.stop();
  });
});
