/*
 * deploy/rbac/ as shipped, judged by the real RBAC authorizer: every request the backend makes is allowed (the
 * other files run the backend with exactly this token), and anything more is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { BIN, KUBECONFIG, ROOT, requireCluster, sh } from './lib/cluster';

const SA = 'system:serviceaccount:rollscope:rollscope-backend';
const asBackend = (args: string[]) => sh(path.join(BIN, 'kubectl'), ['--kubeconfig', KUBECONFIG, '--context', 'rollscope-backend', ...args]);

beforeAll(() => requireCluster());

const clusterRole: any = yaml.load(fs.readFileSync(path.join(ROOT, 'deploy/rbac/20-clusterrole.yaml'), 'utf8'));
const granted: [string, string, string][] = clusterRole.rules.flatMap((r: any) =>
  r.apiGroups.flatMap((g: string) => r.resources.flatMap((res: string) => r.verbs.map((v: string) => [v, res, g]))),
);
const resourceArg = (res: string, group: string) => {
  const [plural, sub] = res.split('/');
  return [group ? `${plural}.${group}` : plural, ...(sub ? [`--subresource=${sub}`] : [])];
};

it('the backend token is the rollscope-backend service account', async () => {
  const r = await asBackend(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
  expect(r.stdout).toBe(SA);
});

it('allows every rule of the shipped ClusterRole, in every namespace', async () => {
  const refused: string[] = [];
  for (const [verb, res, group] of granted) {
    const r = await asBackend(['auth', 'can-i', verb, ...resourceArg(res, group), '-A']);
    if (r.stdout.trim() !== 'yes') refused.push(`${verb} ${res}.${group}`);
  }
  expect(refused).toEqual([]);
});

it('refuses everything beyond it', async () => {
  const readOnly = granted.filter(([v]) => v === 'get').map(([, res, group]) => [res, group] as const);
  const attempts: [string, string, string][] = [
    // writes the backend never makes
    ...readOnly.flatMap(([res, group]) => ['create', 'update', 'delete', 'deletecollection'].map(v => [v, res, group] as [string, string, string])),
    ['patch', 'deployments', 'apps'],
    ['patch', 'replicasets', 'apps'],
    ['patch', 'services', ''],
    ['delete', 'pods', ''],
    ['create', 'pods/exec', ''],
    ['patch', 'virtualservices', 'networking.istio.io'],
    ['patch', 'httproutes', 'gateway.networking.k8s.io'],
    // secrets, config and identity
    ['get', 'secrets', ''],
    ['list', 'secrets', ''],
    ['get', 'configmaps', ''],
    ['create', 'serviceaccounts/token', ''],
    ['impersonate', 'users', ''],
    ['escalate', 'clusterroles', 'rbac.authorization.k8s.io'],
    ['bind', 'clusterroles', 'rbac.authorization.k8s.io'],
    ['list', 'nodes', ''],
    ['list', 'namespaces', ''],
  ];
  const allowed: string[] = [];
  for (const [verb, res, group] of attempts) {
    const r = await asBackend(['auth', 'can-i', verb, ...resourceArg(res, group), '-A']);
    if (r.stdout.trim() !== 'no') allowed.push(`${verb} ${res}.${group}`);
  }
  expect(allowed).toEqual([]);
});

it('a real write beyond the role is refused by the apiserver (403), not just by can-i', async () => {
  const del = await asBackend(['-n', 'default', 'delete', 'rollouts.argoproj.io', 'anything']);
  expect(del.code).not.toBe(0);
  expect(del.stderr).toMatch(/forbidden/i);
  const secrets = await asBackend(['-n', 'rollscope', 'get', 'secrets']);
  expect(secrets.stderr).toMatch(/forbidden/i);
});
