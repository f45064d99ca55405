import request from 'supertest';
import { auth, entityWith, OWNER, shopEntity, startHarness, VIEWER, waitFor } from '../__testUtils__/harness';

jest.setTimeout(60000);

const BLUEGREEN = 'component:default/bluegreen';
const ACTIONS = '/api/rollouts/.backstage/actions/v1/actions';

describe('agent actions (actions registry): the same checks, audit and history as the Rollouts tab', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const invoke = (name: string, input: unknown, user = OWNER) =>
    request(h.server).post(`${ACTIONS}/rollouts:${name}/invoke`).set(auth(user)).send(input as object);
  beforeAll(async () => {
    h = await startHarness({
      entities: [shopEntity, entityWith('bluegreen', { 'argocd/app-name': 'jesse-canary', 'backstage.io/kubernetes-namespace': 'jesse-test' })],
    });
    await waitFor(async () => (await invoke('list-deliveries', { entityRef: BLUEGREEN })).body?.output?.deliveries?.length === 1, 10000, 'sync');
  });
  afterAll(async () => {
    await h?.stop();
  });

  const rollout = (name: string): any => h.cluster.store.get(h.cluster.store.typeByPlural('argoproj.io', 'rollouts')!, 'jesse-test', name);
  const target = { entityRef: BLUEGREEN, namespace: 'jesse-test', name: 'bluegreen-demo' };

  it('lists every tool with a description and input schema for an agent', async () => {
    const res = await request(h.server).get(ACTIONS).set(auth());
    expect(res.status).toBe(200);
    const tools = res.body.actions.map((a: any) => a.id).sort();
    expect(tools).toEqual(
      ['abort-delivery', 'get-delivery', 'get-delivery-history', 'list-deliveries', 'promote-delivery', 'retry-delivery', 'rollback-delivery'].map(n => `rollouts:${n}`),
    );
    const promote = res.body.actions.find((a: any) => a.name === 'promote-delivery');
    expect(promote.attributes).toEqual({ readOnly: false, destructive: false, idempotent: false });
    expect(promote.schema.input.required).toEqual(expect.arrayContaining(['entityRef', 'name', 'namespace', 'expected']));
  });

  it('get-delivery says what promote would do and the state to send back', async () => {
    const res = await invoke('get-delivery', target);
    expect(res.status).toBe(200);
    const d = res.body.output.delivery;
    expect(d).toMatchObject({ kind: 'Rollout', status: 'Paused', waitingForPerson: true, link: '/catalog/default/component/bluegreen/rollouts' });
    expect(d.expected.revision).toEqual(expect.any(Number));
    expect(d.actions.find((a: any) => a.action === 'promote')).toMatchObject({ enabled: true, youMayRunIt: true, whatItDoes: expect.any(String) });
    const viewer = await invoke('get-delivery', target, VIEWER);
    expect(viewer.body.output.delivery.actions.find((a: any) => a.action === 'promote').youMayRunIt).toBe(false);
  });

  it('refuses a promote without the state seen, from a non-owner, or on a stale revision — nothing changes', async () => {
    const before = JSON.stringify(rollout('bluegreen-demo'));
    const { expected } = (await invoke('get-delivery', target)).body.output.delivery;
    const missing = await invoke('promote-delivery', { ...target, expected: {} });
    expect(missing.status).toBe(400);
    const forbidden = await invoke('promote-delivery', { ...target, expected }, VIEWER);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toMatch(/You may not promote .*not a member/);
    const stale = await invoke('promote-delivery', { ...target, expected: { ...expected, revision: expected.revision + 7 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.name).toBe('ConflictError');
    const elsewhere = await invoke('promote-delivery', { entityRef: 'component:default/shop', namespace: 'jesse-test', name: 'bluegreen-demo', expected });
    expect(elsewhere.status).toBe(404);
    expect(JSON.stringify(rollout('bluegreen-demo'))).toBe(before);
  });

  it('an owner promotes through the agent; history names the person and the agent', async () => {
    const { expected } = (await invoke('get-delivery', target)).body.output.delivery;
    const res = await invoke('promote-delivery', { ...target, expected, reason: 'smoke tests passed' });
    expect(res.status).toBe(200);
    expect(res.body.output).toMatchObject({ action: 'promote', noop: false, summary: expect.any(String) });
    expect(rollout('bluegreen-demo').status.pauseConditions ?? []).toEqual([]);
    const history = await waitFor(async () => {
      const r = await invoke('get-delivery-history', target);
      return r.body.output.entries.find((e: any) => e.type === 'action' && e.outcome === 'succeeded');
    });
    expect(history.message).toBe(`promote by ${OWNER} through an AI agent: ${res.body.output.summary} — smoke tests passed`);
    // refused attempts go to the audit trail only; the history holds what changed the delivery
    const actions = (await invoke('get-delivery-history', target)).body.output.entries.filter((e: any) => e.type === 'action');
    expect(actions.map((e: any) => [e.actor, e.outcome])).toEqual([[OWNER, 'succeeded']]);
  });
});
