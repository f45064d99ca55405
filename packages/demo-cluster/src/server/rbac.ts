import { KubeObject, ObjectStore } from '../store/types';

/** The user a request is made as. */
export interface UserInfo {
  name: string;
  groups: string[];
}

/** What a request wants to do, in RBAC terms. */
export interface RequestAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

interface Rule {
  apiGroups?: unknown;
  resources?: unknown;
  resourceNames?: unknown;
  verbs?: unknown;
  nonResourceURLs?: unknown;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The identity Kubernetes gives a service account token. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: `system:serviceaccount:${namespace}:${name}`,
    groups: [
      'system:serviceaccounts',
      `system:serviceaccounts:${namespace}`,
      'system:authenticated',
    ],
  };
}

export function ruleAllows(rule: Rule, a: RequestAttributes): boolean {
  const verbs = strings(rule.verbs);
  if (!verbs.includes('*') && !verbs.includes(a.verb)) return false;
  const groups = strings(rule.apiGroups);
  if (!groups.includes('*') && !groups.includes(a.group)) return false;
  const combined = a.subresource
    ? `${a.resource}/${a.subresource}`
    : a.resource;
  const resources = strings(rule.resources);
  const resourceOk = resources.some(
    r =>
      r === '*' ||
      r === combined ||
      (!!a.subresource && r === `*/${a.subresource}`),
  );
  if (!resourceOk) return false;
  const names = strings(rule.resourceNames);
  if (names.length === 0) return true;
  return !!a.name && names.includes(a.name);
}

function subjectMatches(
  subject: any,
  user: UserInfo,
  bindingNamespace?: string,
): boolean {
  if (!subject || typeof subject !== 'object') return false;
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      return user.name === `system:serviceaccount:${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

/**
 * Decides requests by evaluating the RBAC objects held in the store:
 * ClusterRoleBindings grant cluster-wide, RoleBindings grant in their
 * namespace (to a Role there or to a ClusterRole).
 */
interface Grant {
  subjects: unknown[];
  rules: Rule[];
  /** namespace of a RoleBinding; undefined for ClusterRoleBindings */
  namespace?: string;
}

export class RbacAuthorizer {
  private grants?: Grant[];
  private readonly decisions = new Map<string, boolean>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: ObjectStore) {
    // RBAC objects are compiled once and recompiled after any change to them
    this.unsubscribe = store.subscribe(e => {
      if (e.resourceType.group === 'rbac.authorization.k8s.io') {
        this.grants = undefined;
        this.decisions.clear();
      }
    });
  }

  dispose() {
    this.unsubscribe();
  }

  private compile(): Grant[] {
    const grants: Grant[] = [];
    const crb = this.store.typeFor(
      'rbac.authorization.k8s.io/v1',
      'ClusterRoleBinding',
    );
    const rb = this.store.typeFor(
      'rbac.authorization.k8s.io/v1',
      'RoleBinding',
    );
    for (const b of crb ? this.store.list(crb) : []) {
      if (
        b.roleRef?.kind !== 'ClusterRole' ||
        typeof b.roleRef?.name !== 'string'
      )
        continue;
      if (!Array.isArray(b.subjects)) continue;
      grants.push({
        subjects: b.subjects,
        rules: this.rulesOf('ClusterRole', undefined, b.roleRef.name),
      });
    }
    for (const b of rb ? this.store.list(rb) : []) {
      const ref = b.roleRef;
      if (!ref || typeof ref.name !== 'string' || !Array.isArray(b.subjects))
        continue;
      const ns = b.metadata.namespace;
      let rules: Rule[] = [];
      if (ref.kind === 'Role') rules = this.rulesOf('Role', ns, ref.name);
      else if (ref.kind === 'ClusterRole')
        rules = this.rulesOf('ClusterRole', undefined, ref.name);
      grants.push({ subjects: b.subjects, rules, namespace: ns });
    }
    return grants;
  }

  private rulesOf(
    kind: 'Role' | 'ClusterRole',
    namespace: string | undefined,
    name: string,
  ): Rule[] {
    const type = this.store.typeFor('rbac.authorization.k8s.io/v1', kind);
    if (!type) return [];
    const role = this.store.get(type, namespace, name);
    let rules = Array.isArray(role?.rules) ? (role!.rules as Rule[]) : [];
    if (kind === 'ClusterRole' && role?.aggregationRule) {
      rules = [...rules, ...this.aggregated(role)];
    }
    return rules;
  }

  private aggregated(role: KubeObject): Rule[] {
    const type = this.store.typeFor(
      'rbac.authorization.k8s.io/v1',
      'ClusterRole',
    )!;
    const selectors = Array.isArray(role.aggregationRule?.clusterRoleSelectors)
      ? role.aggregationRule.clusterRoleSelectors
      : [];
    const out: Rule[] = [];
    for (const cr of this.store.list(type)) {
      if (cr.metadata.name === role.metadata.name) continue;
      const labels = cr.metadata.labels ?? {};
      const match = selectors.some(
        (s: any) =>
          s?.matchLabels &&
          Object.entries(s.matchLabels).every(([k, v]) => labels[k] === v),
      );
      if (match && Array.isArray(cr.rules)) out.push(...cr.rules);
    }
    return out;
  }

  allows(user: UserInfo, a: RequestAttributes): boolean {
    if (user.groups.includes('system:masters')) return true;
    const key = JSON.stringify([
      user.name,
      user.groups,
      a.verb,
      a.group,
      a.resource,
      a.subresource,
      a.namespace,
      a.name,
    ]);
    const cached = this.decisions.get(key);
    if (cached !== undefined) return cached;
    if (!this.grants) this.grants = this.compile();
    const allowed = this.grants.some(
      g =>
        (g.namespace === undefined || g.namespace === a.namespace) &&
        g.subjects.some(s => subjectMatches(s, user, g.namespace)) &&
        g.rules.some(r => ruleAllows(r, a)),
    );
    if (this.decisions.size > 10_000) this.decisions.clear();
    this.decisions.set(key, allowed);
    return allowed;
  }
}

/** The API server's wording of a denied request. */
export function forbiddenMessage(user: UserInfo, a: RequestAttributes): string {
  const resource = a.subresource
    ? `${a.resource}/${a.subresource}`
    : a.resource;
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  const where = a.namespace
    ? `in the namespace "${a.namespace}"`
    : 'at the cluster scope';
  return `${subject} is forbidden: User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${where}`;
}
