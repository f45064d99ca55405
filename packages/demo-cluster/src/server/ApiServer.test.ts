import { DemoCluster, startDemoCluster } from '../cluster';

// real processes and sockets: allow for a busy machine
jest.setTimeout(30_000);

let cluster: DemoCluster;

const ro = (
  name: string,
  ns = 'team-a',
  labels: Record<string, string> = {},
) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name, namespace: ns, labels },
  spec: { replicas: 2, selector: { matchLabels: { app: name } } },
});

beforeAll(async () => {
  cluster = await startDemoCluster({
    controllers: false,
    quiet: true,
    objects: [
      ro('web', 'team-a', { app: 'web', tier: 'front' }),
      ro('api', 'team-a', { app: 'api', tier: 'back' }),
      ro('db', 'team-b', { app: 'db' }),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', namespace: 'team-a' },
        data: {},
      },
    ],
  });
});
afterAll(() => cluster.stop());

async function call(
  method: string,
  path: string,
  opts: {
    body?: unknown;
    token?: string | null;
    contentType?: string;
    accept?: string;
  } = {},
) {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? cluster.adminToken : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined)
    headers['content-type'] = opts.contentType ?? 'application/json';
  if (opts.accept) headers.accept = opts.accept;
  const res = await fetch(`${cluster.url}${path}`, {
    method,
    headers,
    body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

const ROLLOUTS = '/apis/argoproj.io/v1alpha1/namespaces/team-a/rollouts';

/** reads newline-delimited watch frames until `until` says stop */
async function watchFrames(
  path: string,
  until: (frames: any[]) => boolean,
  token = cluster.adminToken,
) {
  const controller = new AbortController();
  const res = await fetch(`${cluster.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  const frames: any[] = [];
  let buf = '';
  const decoder = new TextDecoder();
  try {
    while (!until(frames)) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        frames.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    }
  } finally {
    controller.abort();
  }
  return frames;
}

describe('discovery', () => {
  it('serves version, groups and resource lists with subresources', async () => {
    expect((await call('GET', '/version')).body.gitVersion).toMatch(/^v1\.32/);
    const groups = (await call('GET', '/apis')).body;
    expect(groups.groups.map((g: any) => g.name)).toEqual(
      expect.arrayContaining([
        'argoproj.io',
        'flagger.app',
        'asm.alauda.io',
        'networking.istio.io',
      ]),
    );
    const istio = groups.groups.find(
      (g: any) => g.name === 'networking.istio.io',
    );
    expect(istio.preferredVersion.version).toBe('v1');
    const list = (await call('GET', '/apis/argoproj.io/v1alpha1')).body;
    const names = list.resources.map((r: any) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'rollouts',
        'rollouts/status',
        'rollouts/scale',
        'analysisruns',
        'applications',
      ]),
    );
    const rollouts = list.resources.find((r: any) => r.name === 'rollouts');
    expect(rollouts).toMatchObject({
      kind: 'Rollout',
      singularName: 'rollout',
      namespaced: true,
      shortNames: ['ro'],
    });
    expect(
      (await call('GET', '/api/v1')).body.resources.map((r: any) => r.name),
    ).toContain('pods');
  });
});

describe('authentication and authorization', () => {
  it('answers 401 without a valid token', async () => {
    const r = await call('GET', ROLLOUTS, { token: null });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    expect((await call('GET', ROLLOUTS, { token: 'nope' })).status).toBe(401);
  });

  it('lets the backend read rollouts and patch rollouts/status', async () => {
    expect(
      (await call('GET', ROLLOUTS, { token: cluster.backendToken })).status,
    ).toBe(200);
    const r = await call('PATCH', `${ROLLOUTS}/web/status`, {
      token: cluster.backendToken,
      body: { status: { pauseConditions: null } },
      contentType: 'application/merge-patch+json',
    });
    expect(r.status).toBe(200);
  });

  it('words a denial exactly as Kubernetes does', async () => {
    const r = await call('PUT', `${ROLLOUTS}/web/status`, {
      token: cluster.backendToken,
      body: ro('web'),
    });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message:
        'rollouts.argoproj.io "web" is forbidden: User "system:serviceaccount:rollscope:rollscope-backend" cannot update resource "rollouts/status" in API group "argoproj.io" in the namespace "team-a"',
      details: { name: 'web', group: 'argoproj.io', kind: 'rollouts' },
    });
    const secrets = await call('GET', '/api/v1/secrets', {
      token: cluster.backendToken,
    });
    expect(secrets.body.message).toBe(
      'secrets is forbidden: User "system:serviceaccount:rollscope:rollscope-backend" cannot list resource "secrets" in API group "" at the cluster scope',
    );
  });

  it('answers access reviews from the RBAC objects', async () => {
    const review = (verb: string, resource: string, subresource = '') =>
      call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        token: cluster.backendToken,
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb,
              group: 'argoproj.io',
              resource,
              subresource,
              namespace: 'x',
            },
          },
        },
      });
    expect(
      (await review('patch', 'rollouts', 'status')).body.status.allowed,
    ).toBe(true);
    expect((await review('delete', 'rollouts')).body.status.allowed).toBe(
      false,
    );
    const sar = await call(
      'POST',
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      {
        body: {
          spec: {
            user: 'system:serviceaccount:rollscope:rollscope-backend',
            resourceAttributes: {
              verb: 'get',
              resource: 'secrets',
              namespace: 'x',
            },
          },
        },
      },
    );
    expect(sar.body.status.allowed).toBe(false);
  });

  it('honours RoleBindings to ClusterRoles in their namespace', async () => {
    await call(
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/team-b/rolebindings',
      {
        body: {
          metadata: { name: 'backend-edit' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'secret-reader',
          },
          subjects: [{ kind: 'Group', name: 'system:serviceaccounts' }],
        },
      },
    );
    await call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      body: {
        metadata: { name: 'secret-reader' },
        rules: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get'],
            resourceNames: ['s'],
          },
        ],
      },
    });
    expect(
      (
        await call('GET', '/api/v1/namespaces/team-b/secrets/s', {
          token: cluster.backendToken,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call('GET', '/api/v1/namespaces/team-b/secrets/other', {
          token: cluster.backendToken,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('GET', '/api/v1/namespaces/team-a/secrets/s', {
          token: cluster.backendToken,
        })
      ).status,
    ).toBe(403);
  });
});

describe('reads', () => {
  it('lists with label and field selectors', async () => {
    const names = async (q: string, path = ROLLOUTS) =>
      (await call('GET', `${path}?${q}`)).body.items.map(
        (i: any) => i.metadata.name,
      );
    expect(await names('labelSelector=tier%3Dfront')).toEqual(['web']);
    expect(
      await names(
        `labelSelector=${encodeURIComponent('app in (web,api),tier notin (front)')}`,
      ),
    ).toEqual(['api']);
    expect(
      await names(
        `labelSelector=${encodeURIComponent('!tier')}`,
        '/apis/argoproj.io/v1alpha1/rollouts',
      ),
    ).toEqual(['db']);
    expect(await names('labelSelector=tier')).toEqual(['api', 'web']);
    expect(await names('fieldSelector=metadata.name%3Dapi')).toEqual(['api']);
    expect(
      await names(
        'fieldSelector=metadata.namespace%3Dteam-b',
        '/apis/argoproj.io/v1alpha1/rollouts',
      ),
    ).toEqual(['db']);
    expect((await call('GET', `${ROLLOUTS}?labelSelector=a%20b`)).status).toBe(
      400,
    );
  });

  it('pages with limit and continue', async () => {
    const all = '/apis/argoproj.io/v1alpha1/rollouts';
    const first = (await call('GET', `${all}?limit=2`)).body;
    expect(first.items).toHaveLength(2);
    expect(first.metadata.continue).toBeTruthy();
    expect(first.metadata.remainingItemCount).toBe(1);
    const second = (
      await call('GET', `${all}?limit=2&continue=${first.metadata.continue}`)
    ).body;
    expect(second.items.map((i: any) => i.metadata.name)).toEqual(['db']);
    expect(second.metadata.continue).toBeUndefined();
    expect((await call('GET', `${all}?limit=2&continue=garbage!`)).status).toBe(
      400,
    );
  });

  it('returns NotFound and a List with resourceVersion', async () => {
    const r = await call('GET', `${ROLLOUTS}/missing`);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({
      reason: 'NotFound',
      message: 'rollouts.argoproj.io "missing" not found',
      details: { name: 'missing', group: 'argoproj.io', kind: 'rollouts' },
    });
    const list = (await call('GET', ROLLOUTS)).body;
    expect(list).toMatchObject({
      kind: 'RolloutList',
      apiVersion: 'argoproj.io/v1alpha1',
    });
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(0);
    expect((await call('GET', '/apis/nope.io/v1/things')).status).toBe(404);
  });

  it('renders tables for kubectl', async () => {
    const t = (
      await call('GET', ROLLOUTS, {
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      })
    ).body;
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Desired',
      'Current',
      'Up-to-date',
      'Available',
      'Age',
    ]);
    expect(t.rows[0].cells[0]).toBe('api');
    expect(t.rows[0].object.kind).toBe('PartialObjectMetadata');
  });
});

describe('writes', () => {
  it('creates with generateName and answers AlreadyExists / Invalid', async () => {
    const created = await call('POST', ROLLOUTS, {
      body: { ...ro(''), metadata: { generateName: 'gen-' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.metadata.name).toMatch(/^gen-/);
    const dup = await call('POST', ROLLOUTS, { body: ro('web') });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'rollouts.argoproj.io "web" already exists',
    });
    const bad = await call('POST', ROLLOUTS, { body: ro('Not_Valid') });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(
      /^Rollout.argoproj.io "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain/,
    );
    const noName = await call('POST', ROLLOUTS, {
      body: { ...ro('x'), metadata: {} },
    });
    expect(noName.status).toBe(422);
    const kind = await call('POST', ROLLOUTS, {
      body: { ...ro('k'), kind: 'Deployment' },
    });
    expect(kind.status).toBe(422);
    expect((await call('POST', ROLLOUTS, { body: '{not json' })).status).toBe(
      400,
    );
    expect(
      (
        await call(
          'POST',
          '/apis/argoproj.io/v1alpha1/namespaces/nowhere/rollouts',
          { body: ro('x', 'nowhere') },
        )
      ).body.message,
    ).toBe('namespaces "nowhere" not found');
  });

  it('updates with optimistic concurrency and moves generation on spec only', async () => {
    const cur = (await call('GET', `${ROLLOUTS}/web`)).body;
    const up = await call('PUT', `${ROLLOUTS}/web`, {
      body: {
        ...cur,
        metadata: {
          ...cur.metadata,
          labels: { ...cur.metadata.labels, extra: '1' },
        },
      },
    });
    expect(up.status).toBe(200);
    expect(up.body.metadata.generation).toBe(cur.metadata.generation);
    const unconditional = await call('PUT', `${ROLLOUTS}/web`, {
      body: {
        ...cur,
        metadata: { ...cur.metadata, resourceVersion: undefined },
      },
    });
    expect(unconditional.status).toBe(422);
    expect(unconditional.body.message).toBe(
      'Rollout.argoproj.io "web" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
    const stale = await call('PUT', `${ROLLOUTS}/web`, {
      body: { ...cur, spec: { ...cur.spec, replicas: 9 } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    const spec = await call('PATCH', `${ROLLOUTS}/web`, {
      body: { spec: { replicas: 4 } },
      contentType: 'application/merge-patch+json',
    });
    expect(spec.body.metadata.generation).toBe(cur.metadata.generation + 1);
    const status = await call('PATCH', `${ROLLOUTS}/web/status`, {
      body: { status: { phase: 'Paused' }, spec: { replicas: 99 } },
      contentType: 'application/merge-patch+json',
    });
    expect(status.body.status.phase).toBe('Paused');
    expect(status.body.spec.replicas).toBe(4);
    expect(status.body.metadata.generation).toBe(cur.metadata.generation + 1);
    const specWithStatus = await call('PATCH', `${ROLLOUTS}/web`, {
      body: { status: { phase: 'Nope' } },
      contentType: 'application/merge-patch+json',
    });
    expect(specWithStatus.body.status.phase).toBe('Paused');
  });

  it('applies JSON patches and rejects malformed patches', async () => {
    const r = await call('PATCH', `${ROLLOUTS}/api`, {
      body: [
        { op: 'test', path: '/spec/replicas', value: 2 },
        { op: 'add', path: '/metadata/annotations', value: { a: 'b' } },
        { op: 'replace', path: '/spec/replicas', value: 3 },
      ],
      contentType: 'application/json-patch+json',
    });
    expect(r.status).toBe(200);
    expect(r.body.spec.replicas).toBe(3);
    expect(
      (
        await call('PATCH', `${ROLLOUTS}/api`, {
          body: '{',
          contentType: 'application/merge-patch+json',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('PATCH', `${ROLLOUTS}/api`, {
          body: { a: 1 },
          contentType: 'application/json-patch+json',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('PATCH', `${ROLLOUTS}/api`, {
          body: 'x: 1',
          contentType: 'application/apply-patch+yaml',
        })
      ).status,
    ).toBe(415);
    expect(
      (
        await call('PATCH', `${ROLLOUTS}/api`, {
          body: { metadata: { labels: { $patch: 'x', k: 'v' } } },
          contentType: 'application/strategic-merge-patch+json',
        })
      ).body.metadata.labels.k,
    ).toBe('v');
  });

  it('reads and writes the scale subresource', async () => {
    const s = (await call('GET', `${ROLLOUTS}/api/scale`)).body;
    expect(s).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 3 },
    });
    const up = await call('PATCH', `${ROLLOUTS}/api/scale`, {
      body: { spec: { replicas: 5 } },
      contentType: 'application/merge-patch+json',
    });
    expect(up.body.spec.replicas).toBe(5);
    expect((await call('GET', `${ROLLOUTS}/api`)).body.spec.replicas).toBe(5);
  });

  it('answers 405 for unsupported verbs and deletes', async () => {
    expect((await call('POST', `${ROLLOUTS}/api`, { body: {} })).status).toBe(
      405,
    );
    expect((await call('PUT', ROLLOUTS, { body: {} })).status).toBe(405);
    const del = await call(
      'DELETE',
      '/apis/argoproj.io/v1alpha1/namespaces/team-b/rollouts/db',
    );
    expect(del.status).toBe(200);
    expect(
      (
        await call(
          'DELETE',
          '/apis/argoproj.io/v1alpha1/namespaces/team-b/rollouts/db',
        )
      ).status,
    ).toBe(404);
  });
});

describe('watch', () => {
  it('streams events from a list resourceVersion without missing any', async () => {
    const list = (await call('GET', ROLLOUTS)).body;
    await call('PATCH', `${ROLLOUTS}/api`, {
      body: { metadata: { labels: { step: '1' } } },
      contentType: 'application/merge-patch+json',
    });
    const pending = watchFrames(
      `${ROLLOUTS}?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
      f => f.length >= 3,
    );
    await new Promise(r => setTimeout(r, 50));
    await call('PATCH', `${ROLLOUTS}/api`, {
      body: { metadata: { labels: { step: '2' } } },
      contentType: 'application/merge-patch+json',
    });
    await call(
      'DELETE',
      `${ROLLOUTS}/${list.items.find((i: any) => i.metadata.name.startsWith('gen-')).metadata.name}`,
    );
    const frames = await pending;
    expect(frames.map(f => f.type)).toEqual([
      'MODIFIED',
      'MODIFIED',
      'DELETED',
    ]);
    expect(frames.map(f => f.object.metadata.labels?.step)).toEqual([
      '1',
      '2',
      undefined,
    ]);
  });

  it('sends ADDED for the current state without a resourceVersion, and label selector transitions', async () => {
    const frames = watchFrames(
      `${ROLLOUTS}?watch=1&labelSelector=step%3D3`,
      f => f.length >= 2,
    );
    await new Promise(r => setTimeout(r, 50));
    await call('PATCH', `${ROLLOUTS}/api`, {
      body: { metadata: { labels: { step: '3' } } },
      contentType: 'application/merge-patch+json',
    });
    await call('PATCH', `${ROLLOUTS}/api`, {
      body: { metadata: { labels: { step: '4' } } },
      contentType: 'application/merge-patch+json',
    });
    expect((await frames).map(f => f.type)).toEqual(['ADDED', 'DELETED']);
  });

  it('answers 410 Expired for a too old resourceVersion', async () => {
    cluster.faults.compactHistory();
    await call('PATCH', `${ROLLOUTS}/api`, {
      body: { metadata: { labels: { step: '5' } } },
      contentType: 'application/merge-patch+json',
    });
    const frames = await watchFrames(
      `${ROLLOUTS}?watch=true&resourceVersion=1`,
      f => f.length >= 1,
    );
    expect(frames[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
    expect(frames[0].object.message).toMatch(
      /^too old resource version: 1 \(\d+\)$/,
    );
  });

  it('sends bookmarks and ends at timeoutSeconds', async () => {
    const rv = (await call('GET', ROLLOUTS)).body.metadata.resourceVersion;
    const started = Date.now();
    const frames = await watchFrames(
      `${ROLLOUTS}?watch=true&resourceVersion=${rv}&timeoutSeconds=1&allowWatchBookmarks=true`,
      () => false,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(frames.every(f => f.type === 'BOOKMARK')).toBe(true);
  });

  it('forbids watching what RBAC does not allow', async () => {
    const r = await call('GET', '/api/v1/secrets?watch=true', {
      token: cluster.backendToken,
    });
    expect(r.status).toBe(403);
    expect(r.body.message).toContain('cannot watch resource "secrets"');
  });
});

describe('faults', () => {
  it('injects failures and latency, counts requests', async () => {
    const before = cluster.requestCount();
    cluster.faults.failFraction(1, 503);
    expect((await call('GET', ROLLOUTS)).status).toBe(503);
    cluster.faults.clear();
    cluster.faults.setLatency(100);
    const t = Date.now();
    expect((await call('GET', ROLLOUTS)).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(90);
    cluster.faults.clear();
    expect(cluster.requestCount()).toBe(before + 2);
  });

  it('restarts on the same port keeping the store', async () => {
    const url = cluster.url;
    await cluster.faults.restart();
    expect(cluster.url).toBe(url);
    expect((await call('GET', `${ROLLOUTS}/web`)).status).toBe(200);
  });
});
