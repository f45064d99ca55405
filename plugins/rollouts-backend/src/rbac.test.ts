/*
 * The shipped ClusterRole (deploy/rbac) grants exactly what the code uses: the reads come from the
 * watched kinds and the action reads (readPermissionsUsed), the writes from ACTION_WRITE_TARGETS,
 * which the backend enforces before sending any planned request. A kind or plan added in code
 * without its RBAC rule (or a rule left behind) fails here, naming the difference.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { ACTION_WRITE_TARGETS } from '@rollscope/rollouts-common';
import { readPermissionsUsed } from './service/kinds';

const RBAC_DIR = path.resolve(__dirname, '../../../deploy/rbac');

const grant = (group: string, resource: string, verb: string) => `${verb} ${group || 'core'}/${resource}`;

function granted(): Set<string> {
  const role: any = yaml.load(fs.readFileSync(path.join(RBAC_DIR, '20-clusterrole.yaml'), 'utf8'));
  const out = new Set<string>();
  for (const rule of role.rules) {
    expect(rule.resourceNames).toBeUndefined();
    for (const group of rule.apiGroups) for (const resource of rule.resources) for (const verb of rule.verbs) out.add(grant(group, resource, verb));
  }
  return out;
}

function used(): Set<string> {
  const out = new Set<string>();
  for (const r of readPermissionsUsed()) out.add(grant(r.group, r.plural, r.verb));
  for (const w of ACTION_WRITE_TARGETS) out.add(grant(w.group, w.subresource ? `${w.plural}/${w.subresource}` : w.plural, w.verb));
  return out;
}

describe('deploy/rbac', () => {
  it('grants exactly what the code reads and writes', () => {
    const have = granted();
    const need = used();
    expect({ missing: [...need].filter(g => !have.has(g)).sort(), unused: [...have].filter(g => !need.has(g)).sort() }).toEqual({
      missing: [],
      unused: [],
    });
  });

  it('never grants secrets, wildcards, escalation or deletes', () => {
    const text = [...granted()].join('\n');
    expect(text).not.toMatch(/secrets|configmaps|\*|escalate|bind|impersonate|delete|deletecollection|create|update /);
  });

  it('binds the ClusterRole to the backend service account only', () => {
    const binding: any = yaml.load(fs.readFileSync(path.join(RBAC_DIR, '30-clusterrolebinding.yaml'), 'utf8'));
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rollscope-backend' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'rollscope-backend', namespace: 'rollscope' }]);
  });
});
