import { demoUsers, signInAs } from './demoAuth';

const token = `h.${btoa(JSON.stringify({ sub: 'user:default/owner-alice', ent: ['user:default/owner-alice', 'group:default/shop'] }))}.s`;

function mockFetch(routes: Record<string, { status: number; body?: unknown }>) {
  const calls: string[] = [];
  (globalThis as any).fetch = jest.fn(async (url: string) => {
    calls.push(url);
    const key = Object.keys(routes).find(k => url.includes(k));
    const r = key ? routes[key] : { status: 404 };
    return {
      ok: r.status < 400,
      status: r.status,
      json: async () => {
        if (r.body === undefined) throw new Error('no json');
        return r.body;
      },
      text: async () => JSON.stringify(r.body ?? ''),
    };
  });
  return calls;
}

describe('demo sign-in', () => {
  it('names the two demo people', () => {
    expect(demoUsers.map(u => u.label)).toEqual(['Alice (owner, may act)', 'Victor (viewer)']);
  });

  it('starts a demo session then reads the identity from refresh', async () => {
    const calls = mockFetch({ '/demo/start': { status: 200 }, '/demo/refresh': { status: 200, body: { backstageIdentity: { token }, profile: { displayName: 'Alice' } } } });
    const identity = await signInAs('http://x/api/auth', 'demo', 'owner-alice');
    expect(calls[0]).toBe('http://x/api/auth/demo/start?user=owner-alice&env=development');
    expect(await identity.getCredentials()).toEqual({ token });
    expect((await identity.getBackstageIdentity()).ownershipEntityRefs).toContain('group:default/shop');
    expect((await identity.getProfileInfo()).displayName).toBe('Alice');
  });

  it('says when the provider refuses', async () => {
    mockFetch({ '/demo/start': { status: 404, body: 'Unknown auth provider' } });
    await expect(signInAs('http://x/api/auth', 'demo', 'nobody')).rejects.toThrow(/refused \(404\)/);
  });

  it('signs in as guest through refresh', async () => {
    mockFetch({ '/guest/refresh': { status: 200, body: { backstageIdentity: { token, identity: { type: 'user', userEntityRef: 'user:development/guest', ownershipEntityRefs: [] } } } } });
    const identity = await signInAs('http://x/api/auth', 'guest');
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe('user:development/guest');
  });
});
