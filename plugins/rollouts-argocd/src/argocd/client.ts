/*
 * Argo CD's own API, for live manifests and built-in resource actions when the Rollscope backend is
 * not there, plus the headers its proxy extension wants. Same-origin fetches: argocd-server
 * authenticates the session cookie and adds the user's identity itself.
 */
import type { DeliveryAction, DeliveryKind } from '@rollscope/rollouts-common';
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

/** Built-in Argo CD resource actions for Rollouts, by the Rollscope action they perform. @public */
export const argoCdRolloutActions: Partial<Record<DeliveryAction, string>> = {
  'promote-full': 'promote-full',
  abort: 'abort',
  retry: 'retry',
  pause: 'pause',
  resume: 'resume',
  restart: 'restart',
};

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

  /** Runs one of Argo CD's built-in resource actions (body: the action name as a JSON string, as Argo CD's UI sends it). */
  async runArgoCdAction(
    ref: ResourceRef,
    action: DeliveryAction,
  ): Promise<void> {
    const name =
      ref.kind === 'Rollout' ? argoCdRolloutActions[action] : undefined;
    if (!name)
      throw new RollscopeRequestError(
        `Argo CD has no built-in "${action}" action for ${ref.kind}`,
        0,
      );
    await this.argo(
      `/applications/${encodeURIComponent(this.appName())}/resource/actions?${this.resourceQuery(ref)}`,
      {
        method: 'POST',
        body: JSON.stringify(name),
        headers: { 'Content-Type': 'application/json' },
      },
    );
  }
}
