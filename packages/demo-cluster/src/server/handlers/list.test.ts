import { DemoCluster, startDemoCluster } from '../../cluster';

// real processes and sockets: allow for a busy machine
jest.setTimeout(30_000);

let cluster: DemoCluster;
const PODS = '/api/v1/namespaces/team-a/pods';

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'team-a', labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'web:1' }] },
});

beforeAll(async () => {
  cluster = await startDemoCluster({
    controllers: false,
    quiet: true,
    objects: Array.from({ length: 25 }, (_, i) =>
      pod(`web-${String(i).padStart(2, '0')}`),
    ),
  });
});
afterAll(() => cluster.stop());

async function get(path: string) {
  const res = await fetch(`${cluster.url}${path}`, {
    headers: { authorization: `Bearer ${cluster.adminToken}` },
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function send(method: string, path: string, body?: unknown) {
  const res = await fetch(`${cluster.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${cluster.adminToken}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

async function pageThrough(
  limit: number,
  between?: (page: number) => Promise<void>,
) {
  const names: string[] = [];
  const versions = new Set<string>();
  let token: string | undefined;
  let page = 0;
  do {
    const q = `limit=${limit}${token ? `&continue=${token}` : ''}`;
    const { status, body } = await get(`${PODS}?${q}`);
    expect(status).toBe(200);
    names.push(...body.items.map((p: any) => p.metadata.name));
    versions.add(body.metadata.resourceVersion);
    token = body.metadata.continue;
    if (token) {
      expect(body.metadata.remainingItemCount).toBe(25 - names.length);
    }
    await between?.(page++);
  } while (token);
  return { names, versions };
}

describe('LIST paging', () => {
  it('returns every object once, in key order, at one resourceVersion', async () => {
    const { names, versions } = await pageThrough(7);
    expect(names).toHaveLength(25);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(25);
    expect(versions.size).toBe(1);
  });

  it("serves later pages from the first page's snapshot, as etcd does", async () => {
    const { names } = await pageThrough(10, async page => {
      if (page !== 0) return;
      // created after the first page: not in this listing
      await send('POST', PODS, pod('web-99'));
      // deleted after the first page: still listed (it existed at the snapshot)
      await send('DELETE', `${PODS}/web-20`);
    });
    expect(names).toContain('web-20');
    expect(names).not.toContain('web-99');
    expect(names).toHaveLength(25);
    // a new listing sees the changes
    const fresh = await get(PODS);
    const now = fresh.body.items.map((p: any) => p.metadata.name);
    expect(now).toContain('web-99');
    expect(now).not.toContain('web-20');
    await send('DELETE', `${PODS}/web-99`);
    await send('POST', PODS, pod('web-20'));
  });

  it('continues after the last key when the token carries no snapshot', async () => {
    const token = Buffer.from(
      JSON.stringify({ v: 'rollscope/v1', rv: '1', start: 'team-a/web-22' }),
    ).toString('base64url');
    const { body } = await get(`${PODS}?limit=10&continue=${token}`);
    expect(body.items.map((p: any) => p.metadata.name)).toEqual([
      'web-23',
      'web-24',
    ]);
    expect(body.metadata.continue).toBeUndefined();
  });

  it('refuses a token that is not one', async () => {
    const { status, body } = await get(`${PODS}?limit=2&continue=garbage!`);
    expect(status).toBe(400);
    expect(body.message).toMatch(/continue key is not valid/);
  });
});
