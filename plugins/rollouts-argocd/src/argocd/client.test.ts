import { readConfig } from '../config';
import { application } from '../__fixtures__/argocd';
import { RolloutsClient } from '@rollscope/rollouts-react';
import { unavailableReason } from '../hooks/useRollscopeBackend';
import {
  ARGOCD_ENTITY_REF,
  ArgoCdRolloutsClient,
  argoCdActionFor,
  argoProxyHeaders,
  validResourceRef,
} from './client';

type Call = { url: string; init?: RequestInit };

function fakeFetch(
  responses: Array<{ status: number; body?: unknown } | { fail: string }>,
) {
  const calls: Call[] = [];
  const fn = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const r = responses.shift() ?? { status: 200, body: {} };
    if ('fail' in r) throw new TypeError(r.fail);
    const text =
      typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? {});
    return new Response(text, { status: r.status });
  };
  return { fn, calls };
}

const view = {
  kind: 'Rollout',
  namespace: 'shop',
  name: 'checkout',
  cluster: 'in-cluster',
} as any;

describe('ArgoCdRolloutsClient', () => {
  it('gives the rollouts client the proxy extension base and Argo CD headers', async () => {
    const f = fakeFetch([
      { status: 200, body: { deliveries: [], clusters: [] } },
      {
        status: 200,
        body: { action: 'promote', summary: 'ok', requests: [], noop: false },
      },
    ]);
    const api = new RolloutsClient({
      baseUrl: readConfig({}).proxyBase,
      fetch: f.fn,
      headers: () => argoProxyHeaders(application),
    });
    await api.listDeliveries(ARGOCD_ENTITY_REF);
    expect(f.calls[0].url).toBe(
      '/extensions/rollscope/entities/argocd/deliveries',
    );
    expect(f.calls[0].init?.headers).toMatchObject({
      'Argocd-Application-Name': 'argocd:shop',
      'Argocd-Project-Name': 'team-shop',
    });
    await api.runAction(ARGOCD_ENTITY_REF, view, { action: 'promote' });
    expect(f.calls[1].url).toBe(
      '/extensions/rollscope/entities/argocd/deliveries/in-cluster/rollouts/shop/checkout/actions',
    );
    expect(f.calls[1].init?.method).toBe('POST');
    expect(JSON.parse(String(f.calls[1].init?.body))).toEqual({
      action: 'promote',
    });
  });

  it('says why the backend cannot be used', () => {
    expect(
      unavailableReason({ status: 404, message: 'Extension not found' }),
    ).toMatch(/not configured/);
    expect(unavailableReason({ status: 403, message: 'denied' })).toMatch(
      /extensions, invoke, rollscope/,
    );
    expect(unavailableReason({ status: 502, message: '' })).toMatch(
      /not reachable/,
    );
    expect(unavailableReason(new TypeError('Failed to fetch'))).toMatch(
      /Failed to fetch/,
    );
    expect(argoProxyHeaders({})).toEqual({ 'Argocd-Project-Name': 'default' });
  });

  it("runs Argo CD's built-in actions by their real names through /resource/actions/v2, as its UI does", async () => {
    const f = fakeFetch([{ status: 200, body: {} }]);
    const c = new ArgoCdRolloutsClient(application, readConfig({}), f.fn);
    await c.runArgoCdAction(
      { kind: 'Rollout', namespace: 'shop', name: 'checkout' },
      'skip-current-step',
    );
    const u = new URL(f.calls[0].url, 'http://x');
    expect(u.pathname).toBe('/api/v1/applications/shop/resource/actions/v2');
    expect(f.calls[0].init?.method).toBe('POST');
    expect(JSON.parse(String(f.calls[0].init?.body))).toEqual({
      namespace: 'shop',
      resourceName: 'checkout',
      version: 'v1alpha1',
      kind: 'Rollout',
      group: 'argoproj.io',
      appNamespace: 'argocd',
      project: 'team-shop',
      action: 'skip-current-step',
      resourceActionParameters: [],
    });
  });

  it('maps Rollscope actions to the Argo CD action that performs them now', () => {
    const paused = { kind: 'Rollout' as const, strategy: 'Canary' as const, pause: { reason: 'CanaryPauseStep', message: '', manual: true } };
    expect(argoCdActionFor('promote', paused)).toBe('resume');
    expect(argoCdActionFor('promote', { ...paused, pause: undefined })).toBe('skip-current-step');
    expect(argoCdActionFor('promote', { ...paused, strategy: 'BlueGreen', pause: undefined })).toBeUndefined();
    expect(argoCdActionFor('skip-step', paused)).toBe('skip-current-step');
    expect(argoCdActionFor('promote-full', paused)).toBe('promote-full');
    expect(argoCdActionFor('rollback', paused)).toBeUndefined();
    expect(argoCdActionFor('abort', { ...paused, kind: 'Canary' })).toBeUndefined();
  });

  it("lists what Argo CD offers on the resource (its discovery)", async () => {
    const f = fakeFetch([{ status: 200, body: { actions: [{ name: 'resume', disabled: false }, { name: 'pause', disabled: true }, { bogus: 1 }] } }]);
    const c = new ArgoCdRolloutsClient(application, readConfig({}), f.fn);
    const list = await c.resourceActions({ kind: 'Rollout', namespace: 'shop', name: 'checkout' });
    expect(list).toEqual([{ name: 'resume', disabled: false }, { name: 'pause', disabled: true }]);
    expect(new URL(f.calls[0].url, 'http://x').pathname).toBe('/api/v1/applications/shop/resource/actions');
    expect(f.calls[0].init?.method ?? 'GET').toBe('GET');
  });

  it('refuses names Kubernetes would refuse, without calling Argo CD', async () => {
    const f = fakeFetch([]);
    const c = new ArgoCdRolloutsClient(application, readConfig({}), f.fn);
    await expect(
      c.runArgoCdAction(
        { kind: 'Rollout', namespace: 'Shop', name: 'checkout' },
        'abort',
      ),
    ).rejects.toThrow(/namespace/);
    await expect(
      c.liveResource({ kind: 'Rollout', namespace: 'shop', name: '../x' }),
    ).rejects.toThrow(/not a valid Kubernetes name/);
    expect(f.calls).toHaveLength(0);
    expect(
      validResourceRef({ namespace: 'shop', name: 'checkout.v2' }),
    ).toBeUndefined();
  });

  it('reads the live manifest from Argo CD', async () => {
    const f = fakeFetch([
      { status: 200, body: { manifest: JSON.stringify({ kind: 'Rollout' }) } },
      { status: 200, body: {} },
    ]);
    const c = new ArgoCdRolloutsClient(application, readConfig({}), f.fn);
    expect(
      await c.liveResource({
        kind: 'Rollout',
        namespace: 'shop',
        name: 'checkout',
      }),
    ).toEqual({ kind: 'Rollout' });
    await expect(
      c.liveResource({ kind: 'Rollout', namespace: 'shop', name: 'checkout' }),
    ).rejects.toThrow(/no manifest/);
  });
});
