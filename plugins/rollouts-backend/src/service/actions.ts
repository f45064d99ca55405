import type { KubeRequestPlan } from '@rollscope/rollouts-common';
import { declaredWriteTarget } from '@rollscope/rollouts-common';
import type { KubeClient } from './KubeClient';
import { resourcePath } from './kinds';

/** The result of one sent request. */
export interface SentRequest {
  plan: KubeRequestPlan;
  status: number;
  usedFallback: boolean;
  body?: any;
}

/** Raised when the cluster refuses a request; carries the status and the cluster's message. */
export class KubeRequestError extends Error {
  constructor(readonly status: number, message: string, readonly sent: SentRequest[]) {
    super(message);
    this.name = 'KubeRequestError';
  }
}

function pathOf(p: KubeRequestPlan) {
  return resourcePath(p, p.namespace, p.method === 'POST' ? undefined : p.name, p.method === 'POST' ? undefined : p.subresource);
}

function defaultContentType(p: KubeRequestPlan) {
  if (p.contentType) return p.contentType;
  return p.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
}

async function sendOne(client: KubeClient, plan: KubeRequestPlan) {
  // Only writes the shipped RBAC grants on purpose (ACTION_WRITE_TARGETS, tested against deploy/rbac).
  if (!declaredWriteTarget(plan)) {
    throw Object.assign(
      new Error(`${plan.description}: ${plan.method} ${plan.plural}${plan.subresource ? `/${plan.subresource}` : ''} is not a declared action write`),
      { name: 'UndeclaredWriteError' },
    );
  }
  const res = await client.request(plan.method, pathOf(plan), {
    body: plan.method === 'DELETE' && plan.body === undefined ? undefined : plan.body,
    contentType: defaultContentType(plan),
  });
  return res;
}

/**
 * Sends an action plan's requests in order with the cluster's service-account credentials. A
 * request answering 404 / 405 / 422 is replaced by its fallback when it has one. Stops at the first
 * failure.
 */
export async function executePlan(client: KubeClient, requests: KubeRequestPlan[]): Promise<SentRequest[]> {
  const sent: SentRequest[] = [];
  for (const plan of requests) {
    let res = await sendOne(client, plan);
    let used = plan;
    let usedFallback = false;
    if ([404, 405, 422].includes(res.status) && plan.fallback) {
      used = plan.fallback;
      usedFallback = true;
      res = await sendOne(client, plan.fallback);
    }
    const entry: SentRequest = { plan: used, status: res.status, usedFallback, body: res.body };
    sent.push(entry);
    if (res.status < 200 || res.status >= 300) {
      const msg = typeof res.body === 'object' && res.body?.message ? String(res.body.message) : `HTTP ${res.status}`;
      throw new KubeRequestError(res.status, `${used.description}: the cluster answered ${res.status} (${msg})`, sent);
    }
  }
  return sent;
}
