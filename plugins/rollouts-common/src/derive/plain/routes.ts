/*
 * Weighted and header routes done by hand: one HTTPRoute rule or VirtualService http route whose
 * backends carry weights edited step by step, or a route that sends requests with a header to a
 * copy (`web-canary`) while everything else goes to the main Service.
 *
 * A route is such a release only when its backends are Services in front of Deployments or
 * StatefulSets that no Rollout / Canary / CanaryDelivery manages, and the route is neither owned by
 * nor named in such a controller.
 */
import type { HeaderMatchView, PlainDeliveryKind, TrafficRouterKind } from '../../model/types';
import { arr, at, isObj, meta, numLike, obj, percentOf, shortHost, str, type Obj } from '../traffic/read';
import { curlExample, orderVersions, type Release, type ReleaseVersion } from './release';
import { findByName, newestFirst, ownedByController, workloadsOfService, type ManagedNames, type Workload } from './workloads';

export interface RouteContext {
  services: Obj[];
  workloads: Workload[];
  managedWorkloads: Workload[];
  managed: ManagedNames;
}

/** One backend of a rule as written. */
interface Backend {
  service?: string;
  subset?: string;
  weight?: number;
  weightPath: string;
}

interface Rule {
  label: string;
  backends: Backend[];
  header?: Omit<HeaderMatchView, 'example'>;
}

/** Resolves a backend to its workload; `managed` when a controller's workload is behind it. */
function resolve(b: Backend, ctx: RouteContext, exclude?: Workload): { workload?: Workload; managed: boolean; warning?: string } {
  if (!b.service) return { managed: false };
  if (ctx.managed.services.has(b.service)) return { managed: true };
  const svc = findByName(ctx.services, 'Service', b.service);
  if (svc && ownedByController(svc)) return { managed: true };
  if (workloadsOfService(svc, ctx.managedWorkloads).length > 0) return { managed: true };
  let found = workloadsOfService(svc, ctx.workloads).filter(w => w !== exclude);
  if (b.subset && found.length > 1) {
    // Without the DestinationRule, a subset is matched to the workload carrying its name as a label value.
    const bySubset = found.filter(w => Object.values(w.templateLabels).includes(b.subset!));
    if (bySubset.length) found = bySubset;
  }
  // Several: the one named like the Service first (web → Deployment web), else the newest.
  const named = found.find(w => w.name === b.service);
  found = named ? [named, ...found.filter(w => w !== named).sort(newestFirst)] : [...found].sort(newestFirst);
  return {
    workload: found[0],
    managed: false,
    ...(found.length > 1 ? { warning: `Service ${b.service} selects ${found.length} workloads (${found.map(w => w.name).join(', ')}); shown: ${found[0].name}` } : {}),
  };
}

const sameBackend = (a: Backend, b: Backend) => a.service === b.service && a.subset === b.subset;

function build(
  kind: PlainDeliveryKind,
  routerKind: TrafficRouterKind,
  router: Obj,
  rules: Rule[],
  ctx: RouteContext,
  defaultWeight: (backends: Backend[]) => number[],
): Release | undefined {
  const weighted = rules.find(r => !r.header && new Set(r.backends.map(b => `${b.service}/${b.subset ?? ''}`)).size >= 2);
  const main = weighted ?? rules.find(r => !r.header && r.backends.length >= 1);
  if (!main) return undefined;
  // The header route: to one of the weighted backends (testers reach the canary early), or to a copy.
  const headerRule = rules.find(r => r.header && r.backends.length === 1 && (!!weighted || !main.backends.some(b => sameBackend(b, r.backends[0]))));
  const headerTarget = weighted && headerRule ? weighted.backends.find(b => sameBackend(b, headerRule.backends[0])) : undefined;
  if (!weighted && !headerRule) return undefined;

  const warnings: string[] = [];
  const weights = defaultWeight(main.backends);
  const total = weights.reduce((a, b) => a + b, 0);
  const version = (b: Backend, i: number, exclude?: Workload): ReleaseVersion | undefined => {
    const r = resolve(b, ctx, exclude);
    if (r.managed) return undefined;
    if (r.warning) warnings.push(r.warning);
    return {
      ...(r.workload ? { workload: r.workload } : {}),
      ...(b.service ? { service: b.subset ? `${b.service} (subset ${b.subset})` : b.service } : {}),
      weight: weights[i] ?? 0,
      percent: percentOf(weights[i] ?? 0, total),
      weightPath: b.weightPath,
      isNew: false,
    };
  };

  let oldV: ReleaseVersion;
  let newV: ReleaseVersion;
  if (weighted) {
    if (weighted.backends.length > 2) warnings.push(`The rule has ${weighted.backends.length} backends; shown: the two with the largest weights`);
    const top = weighted.backends
      .map((b, i) => ({ b, i }))
      .sort((x, y) => (weights[y.i] ?? 0) - (weights[x.i] ?? 0) || x.i - y.i)
      .slice(0, 2)
      .sort((x, y) => x.i - y.i);
    const vs = top.map(t => version(t.b, t.i));
    if (vs.some(v => v === undefined)) return undefined;
    const [a, b] = vs as ReleaseVersion[];
    const prefer = headerTarget ? [a, b].find((_, k) => sameBackend(top[k].b, headerTarget)) : undefined;
    [oldV, newV] = orderVersions(a, b, newestFirst, prefer);
  } else {
    const hb = headerRule!.backends[0];
    const r = resolve(hb, ctx);
    const a = version(main.backends[0], 0, r.workload);
    if (!a || r.managed) return undefined;
    oldV = { ...a, weight: total, percent: 100 };
    newV = {
      ...(r.workload ? { workload: r.workload } : {}),
      ...(hb.service ? { service: hb.service } : {}),
      weight: 0,
      percent: 0,
      weightPath: hb.weightPath,
      isNew: true,
    };
  }
  if (!oldV.workload && !newV.workload) return undefined;
  newV.isNew = true;
  const header = headerRule?.header ? { ...headerRule.header, example: curlExample(headerRule.header) } : undefined;
  return {
    kind,
    router,
    routerKind,
    method: weighted ? 'weightedRoute' : 'headerCopy',
    route: main.label,
    old: oldV,
    new: newV,
    weightTotal: total > 0 ? total : 100,
    ...(header ? { header } : {}),
    warnings,
  };
}

/** Routes a controller owns or names are never a release done by hand. */
function managedRouter(router: Obj, kind: string, ctx: RouteContext): boolean {
  return ownedByController(router) || ctx.managed.routers.has(`${kind}/${meta(router).name ?? ''}`);
}

// ---------------------------------------------------------------- Gateway API

function gatewayHeader(rule: Obj): Rule['header'] {
  for (const m of arr(rule.matches)) {
    const h = arr(at(m, 'headers')).find(isObj);
    const name = str(h?.name);
    if (h && name) return { name, value: str(h.value), type: str(h.type) ?? 'Exact' };
  }
  return undefined;
}

/** Reads an HTTPRoute as a release done by hand, or undefined when it is not one. */
export function readHTTPRoute(route: Obj, ctx: RouteContext): Release | undefined {
  if (managedRouter(route, 'HTTPRoute', ctx)) return undefined;
  const rules: Rule[] = arr(at(route, 'spec', 'rules')).flatMap((rule, i) => {
    if (!isObj(rule)) return [];
    const backends = arr(rule.backendRefs).flatMap((b, j) => {
      if (!isObj(b) || (b.kind !== undefined && b.kind !== 'Service') || (str(b.group) ?? '') !== '') return [];
      return [{ service: str(b.name), weight: numLike(b.weight), weightPath: `/spec/rules/${i}/backendRefs/${j}/weight` }];
    });
    const header = gatewayHeader(rule);
    return [{ label: str(rule.name) ?? `rules[${i}]`, backends, ...(header ? { header } : {}) }];
  });
  // Gateway API: a backendRef's weight defaults to 1.
  return build('HTTPRoute', 'gatewayAPI', route, rules, ctx, bs => bs.map(b => b.weight ?? 1));
}

// ---------------------------------------------------------------- Istio

function istioHeader(route: Obj): Rule['header'] {
  for (const m of arr(route.match)) {
    const headers = obj(at(m, 'headers'));
    for (const [name, cond] of Object.entries(headers ?? {})) {
      const c = obj(cond) ?? {};
      const [type, value] = (
        [
          ['Exact', c.exact],
          ['Prefix', c.prefix],
          ['RegularExpression', c.regex],
        ] as const
      ).find(([, v]) => v !== undefined) ?? ['Exact', undefined];
      return { name, value: str(value), type };
    }
  }
  return undefined;
}

/** Reads a VirtualService as a release done by hand, or undefined when it is not one. */
export function readVirtualService(vs: Obj, ctx: RouteContext): Release | undefined {
  if (managedRouter(vs, 'VirtualService', ctx)) return undefined;
  const rules: Rule[] = arr(at(vs, 'spec', 'http')).flatMap((route, i) => {
    if (!isObj(route)) return [];
    const backends = arr(route.route).flatMap((d, j) => {
      if (!isObj(d)) return [];
      const host = str(at(d, 'destination', 'host'));
      return [{ service: host ? shortHost(host) : undefined, subset: str(at(d, 'destination', 'subset')), weight: numLike(d.weight), weightPath: `/spec/http/${i}/route/${j}/weight` }];
    });
    const header = istioHeader(route);
    // A route matching on anything but headers (a path, a port) only takes part of the traffic: skip it.
    const otherMatch = !header && arr(route.match).length > 0;
    if (otherMatch) return [];
    return [{ label: str(route.name) ?? `http[${i}]`, backends, ...(header ? { header } : {}) }];
  });
  // Istio: a lone destination without a weight takes everything; weights of several must add up to 100.
  return build('VirtualService', 'istio', vs, rules, ctx, bs => bs.map(b => b.weight ?? (bs.length === 1 ? 100 : 0)));
}

// ---------------------------------------------------------------- nginx canary Ingress

const NGINX = 'nginx.ingress.kubernetes.io/';

function ingressBackend(ing: unknown): { host?: string; path?: string; service?: string } {
  const rule = arr(at(ing, 'spec', 'rules')).find(isObj);
  const path = arr(at(rule, 'http', 'paths')).find(isObj);
  const service = str(at(path, 'backend', 'service', 'name')) ?? str(at(path, 'backend', 'serviceName'));
  return { host: str(at(rule, 'host')), path: str(at(path, 'path')), service };
}

/**
 * Reads an nginx canary Ingress (annotation canary: "true") and its main Ingress (same host and
 * path, no canary annotation) as a release done by hand.
 */
export function readCanaryIngress(ing: Obj, routers: unknown[], ctx: RouteContext): Release | undefined {
  const a = meta(ing).annotations;
  if (a[`${NGINX}canary`] !== 'true' || managedRouter(ing, 'Ingress', ctx)) return undefined;
  const mine = ingressBackend(ing);
  const main = routers.find((r): r is Obj => {
    if (!isObj(r) || r.kind !== 'Ingress' || r === ing || meta(r).annotations[`${NGINX}canary`] === 'true') return false;
    const b = ingressBackend(r);
    return b.host === mine.host && (b.path ?? '/') === (mine.path ?? '/');
  });
  if (!main || managedRouter(main, 'Ingress', ctx) || !mine.service) return undefined;
  const mainBackend = ingressBackend(main);
  const total = numLike(a[`${NGINX}canary-weight-total`]) ?? 100;
  const weight = numLike(a[`${NGINX}canary-weight`]) ?? 0;
  const rules: Rule[] = [
    { label: meta(main).name ?? '', backends: [{ service: mainBackend.service, weightPath: '' }] },
  ];
  const release = build('Ingress', 'nginx', ing, [...rules, { label: 'canary', backends: [{ service: mine.service, weightPath: '' }], header: { name: 'x', type: 'Exact' } }], ctx, () => [total]);
  if (!release) return undefined;
  const headerName = a[`${NGINX}canary-by-header`];
  const cookie = a[`${NGINX}canary-by-cookie`];
  let header: HeaderMatchView | undefined;
  if (headerName) {
    const value = a[`${NGINX}canary-by-header-value`];
    const pattern = a[`${NGINX}canary-by-header-pattern`];
    let type = 'Always';
    if (value) type = 'Exact';
    else if (pattern) type = 'RegularExpression';
    const h = { name: headerName, value: value ?? (pattern ? undefined : 'always'), type };
    header = { ...h, example: curlExample(h) };
  } else if (cookie) {
    const h = { name: cookie, value: 'always', type: 'Always', cookie: true };
    header = { ...h, example: curlExample(h) };
  }
  const newPercent = percentOf(weight, total);
  return {
    ...release,
    method: 'canaryIngress',
    route: `${meta(main).name ?? ''} + ${meta(ing).name ?? ''}`,
    mainIngress: meta(main).name,
    old: { ...release.old, weight: total - weight, percent: 100 - newPercent, weightPath: undefined },
    new: { ...release.new, weight, percent: newPercent, weightPath: undefined },
    weightTotal: total,
    ...(header ? { header } : { header: undefined }),
  };
}
