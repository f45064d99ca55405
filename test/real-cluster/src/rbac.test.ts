/*
 * deploy/rbac/ as shipped, judged by the real RBAC authorizer: every request the backend makes is allowed (the
 * other files run the backend with exactly this token), and anything more is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { BIN, KUBECONFIG, ROOT, requireCluster, sh } from './lib/cluster';

const SA = 'system:serviceaccount:rollscope:rollscope-backend';
const asBackend = (args: string[], input?: string) =>
  sh(path.join(BIN, 'kubectl'), ['--kubeconfig', KUBECONFIG, '--context', 'rollscope-backend', ...args], input);

jest.setTimeout(240_000);

beforeAll(() => requireCluster());

const clusterRole: any = yaml.load(fs.readFileSync(path.join(ROOT, 'deploy/rbac/20-clusterrole.yaml'), 'utf8'));
const granted: [string, string, string][] = clusterRole.rules.flatMap((r: any) =>
  r.apiGroups.flatMap((g: string) => r.resources.flatMap((res: string) => r.verbs.map((v: string) => [v, res, g]))),
);
/**
 * Asks the real authorizer (a SelfSubjectAccessReview as the backend) whether `verb` on `res` of `group` is allowed
 * in any namespace. The review names the group explicitly, so it also holds for kinds whose CRDs are not installed.
 */
async function allowed(verb: string, res: string, group: string): Promise<boolean> {
  const [resource, subresource] = res.split('/');
  const review = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { verb, group, resource, ...(subresource ? { subresource } : {}) } },
  };
  const r = await asBackend(['create', '--validate=false', '-f', '-', '-o', 'json'], JSON.stringify(review));
  if (r.code !== 0) throw new Error(`access review of ${verb} ${res}.${group} failed: ${r.stderr}`);
  return JSON.parse(r.stdout).status.allowed === true;
}

it('the backend token is the rollscope-backend service account', async () => {
  const r = await asBackend(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
  expect(r.stdout).toBe(SA);
});

it('allows every rule of the shipped ClusterRole, in every namespace', async () => {
  const refused: string[] = [];
  for (const [verb, res, group] of granted) {
    if (!(await allowed(verb, res, group))) refused.push(`${verb} ${res}.${group}`);
  }
  expect(refused).toEqual([]);
});

it('refuses everything beyond it', async () => {
  const isGranted = (v: string, res: string, g: string) => granted.some(([gv, gres, gg]) => gv === v && gres === res && gg === g);
  const resources = [...new Map(granted.map(([, res, g]) => [`${res}.${g}`, [res, g] as const])).values()];
  const attempts: [string, string, string][] = [
    // every verb the role does not grant on the resources it names
    ...resources.flatMap(([res, g]) =>
      ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']
        .filter(v => !isGranted(v, res, g))
        .map(v => [v, res, g] as [string, string, string]),
    ),
    // secrets, config, exec and identity
    ['get', 'secrets', ''],
    ['list', 'secrets', ''],
    ['get', 'configmaps', ''],
    ['create', 'pods/exec', ''],
    ['delete', 'pods', ''],
    ['create', 'serviceaccounts/token', ''],
    ['impersonate', 'users', ''],
    ['escalate', 'clusterroles', 'rbac.authorization.k8s.io'],
    ['bind', 'clusterroles', 'rbac.authorization.k8s.io'],
    ['create', 'rolebindings', 'rbac.authorization.k8s.io'],
    ['list', 'nodes', ''],
    ['list', 'namespaces', ''],
    ['create', 'customresourcedefinitions', 'apiextensions.k8s.io'],
  ];
  const permitted: string[] = [];
  for (const [verb, res, group] of attempts) {
    if (await allowed(verb, res, group)) permitted.push(`${verb} ${res}.${group}`);
  }
  expect(permitted).toEqual([]);
});

it('a real write beyond the role is refused by the apiserver (403), not just by can-i', async () => {
  const del = await asBackend(['-n', 'default', 'delete', 'rollouts.argoproj.io', 'anything']);
  expect(del.code).not.toBe(0);
  expect(del.stderr).toMatch(/forbidden/i);
  const secrets = await asBackend(['-n', 'rollscope', 'get', 'secrets']);
  expect(secrets.stderr).toMatch(/forbidden/i);
});
