/*
 * Argo CD's own API, for live manifests and built-in resource actions when the Rollscope backend is
 * not there, plus the headers its proxy extension wants. Same-origin fetches: argocd-server
 * authenticates the session cookie and adds the user's identity itself.
 */
import type { DeliveryAction, DeliveryKind, DeliveryView } from '@rollscope/rollouts-common';
import type { RollscopeArgoConfig } from '../config';
import { applicationHeader, applicationProject, deliveryKinds } from './tree';

/** The entity ref the standalone backend expects behind Argo CD's proxy. @public */
export const ARGOCD_ENTITY_REF = 'argocd';

/** Why a request failed, said so a person can act on it. @public */
export class RollscopeRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'RollscopeRequestError';
  }
}

/**
 * Argo CD's built-in Rollout actions (resource_customizations/argoproj.io/Rollout/actions), by
 * their real names, for the Rollscope action each performs. Promote is Argo CD's `resume` at a
 * pause (it clears the pause conditions, as `kubectl argo rollouts promote` does) and
 * `skip-current-step` otherwise. @public
 */
export const argoCdRolloutActions: Partial<Record<DeliveryAction, string>> = {
  promote: 'resume',
  'skip-step': 'skip-current-step',
  'promote-full': 'promote-full',
  abort: 'abort',
  retry: 'retry',
  pause: 'pause',
  resume: 'resume',
  restart: 'restart',
};

/** The Argo CD action that performs `action` on this delivery now, or undefined when none does. @public */
export function argoCdActionFor(
  action: DeliveryAction,
  view: Pick<DeliveryView, 'kind' | 'pause' | 'strategy'>,
): string | undefined {
  if (view.kind !== 'Rollout') return undefined;
  if (action === 'promote') {
    if (view.pause) return 'resume';
    return view.strategy === 'BlueGreen' ? undefined : 'skip-current-step';
  }
  return argoCdRolloutActions[action];
}

/** One action as Argo CD's GET .../resource/actions lists it. @public */
export interface ArgoCdResourceAction {
  name: string;
  disabled?: boolean;
}

/** @public */
export interface ResourceRef {
  kind: DeliveryKind;
  namespace: string;
  name: string;
  version?: string;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Namespace (DNS-1123 label) and name (DNS-1123 subdomain) as Kubernetes validates them. @public */
export function validResourceRef(ref: {
  namespace?: unknown;
  name?: unknown;
}): string | undefined {
  const { namespace, name } = ref;
  if (
    typeof namespace !== 'string' ||
    namespace.length > 63 ||
    !DNS1123_LABEL.test(namespace)
  ) {
    return `"${String(namespace).slice(0, 80)}" is not a valid Kubernetes namespace`;
  }
  if (
    typeof name !== 'string' ||
    name.length > 253 ||
    !DNS1123_SUBDOMAIN.test(name)
  ) {
    return `"${String(name).slice(0, 80)}" is not a valid Kubernetes name`;
  }
  return undefined;
}

async function errorMessage(res: Response): Promise<string> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    // body unreadable: fall through to the status line
  }
  try {
    const body = JSON.parse(text);
    const msg = body?.error?.message ?? body?.message ?? body?.error;
    if (typeof msg === 'string' && msg) return msg;
  } catch {
    // not JSON
  }
  const trimmed = text.trim().slice(0, 200);
  return trimmed || `${res.status} ${res.statusText}`.trim();
}

/** Headers Argo CD's proxy extension requires on every call: the application and its project. @public */
export function argoProxyHeaders(application: unknown): Record<string, string> {
  const headers: Record<string, string> = {
    'Argocd-Project-Name': applicationProject(application),
  };
  const app = applicationHeader(application);
  if (app) headers['Argocd-Application-Name'] = app;
  return headers;
}

/** @public */
export class ArgoCdRolloutsClient {
  private readonly fetchImpl: FetchLike;

  constructor(
    private readonly application: unknown,
    private readonly config: RollscopeArgoConfig,
    fetchImpl?: FetchLike,
  ) {
    this.fetchImpl = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  private appName(): string {
    const meta = (this.application as any)?.metadata;
    return typeof meta?.name === 'string' ? meta.name : '';
  }

  private appNamespace(): string | undefined {
    const ns = (this.application as any)?.metadata?.namespace;
    return typeof ns === 'string' && ns ? ns : undefined;
  }

  private resourceQuery(ref: ResourceRef): string {
    const invalid = validResourceRef(ref);
    if (invalid) throw new RollscopeRequestError(invalid, 0);
    const def = deliveryKinds.find(d => d.kind === ref.kind)!;
    const q = new URLSearchParams({
      namespace: ref.namespace,
      resourceName: ref.name,
      version: ref.version ?? def.version,
      kind: ref.kind,
      group: def.group,
    });
    const appNs = this.appNamespace();
    if (appNs) q.set('appNamespace', appNs);
    q.set('project', applicationProject(this.application));
    return q.toString();
  }

  private async argo<T>(path: string, init?: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.config.argocdBase}/api/v1${path}`, {
        credentials: 'same-origin',
        ...init,
      });
    } catch (e) {
      throw new RollscopeRequestError(
        `Argo CD API unreachable: ${String(e?.message ?? e)}`,
        0,
      );
    }
    if (!res.ok)
      throw new RollscopeRequestError(await errorMessage(res), res.status);
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** The live object, as Argo CD's resource endpoint returns it. */
  async liveResource(ref: ResourceRef): Promise<unknown> {
    const body = await this.argo<{ manifest?: unknown }>(
      `/applications/${encodeURIComponent(this.appName())}/resource?${this.resourceQuery(ref)}`,
    );
    if (typeof body.manifest !== 'string')
      throw new RollscopeRequestError('Argo CD returned no manifest', 0);
    return JSON.parse(body.manifest);
  }

  /** The actions Argo CD offers on the resource now (its Lua discovery), as its UI lists them. */
  async resourceActions(ref: ResourceRef): Promise<ArgoCdResourceAction[]> {
    const body = await this.argo<{ actions?: unknown }>(
      `/applications/${encodeURIComponent(this.appName())}/resource/actions?${this.resourceQuery(ref)}`,
    );
    return (Array.isArray(body.actions) ? body.actions : [])
      .filter((a): a is { name: string; disabled?: unknown } => typeof a?.name === 'string')
      .map(a => ({ name: a.name, disabled: a.disabled === true }));
  }

  /**
   * Runs one of Argo CD's built-in resource actions by its real name through
   * POST .../resource/actions/v2, with the JSON body Argo CD's own UI sends (the deprecated
   * .../resource/actions endpoint is not used).
   */
  async runArgoCdAction(ref: ResourceRef, argoAction: string): Promise<void> {
    const invalid = validResourceRef(ref);
    if (invalid) throw new RollscopeRequestError(invalid, 0);
    const def = deliveryKinds.find(d => d.kind === ref.kind)!;
    const body: Record<string, unknown> = {
      namespace: ref.namespace,
      resourceName: ref.name,
      version: ref.version ?? def.version,
      kind: ref.kind,
      group: def.group,
      action: argoAction,
      resourceActionParameters: [],
      project: applicationProject(this.application),
    };
    const appNs = this.appNamespace();
    if (appNs) body.appNamespace = appNs;
    await this.argo(
      `/applications/${encodeURIComponent(this.appName())}/resource/actions/v2`,
      {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' },
      },
    );
  }
}
