/* The words of a notice: what happened, where it stands, who acted, and where to look. */
import type { NotificationPayload, NotificationSeverity } from '@backstage/plugin-notifications-common';
import type { DeliveryView, HistoryEntry } from '@rollscope/rollouts-common';
import { parseEntityRef } from '@backstage/catalog-model';
import type { DeliveryNotice } from './events';
import { noticeKey } from './NotificationLedger';

/** The portal path of an entity's Rollouts tab. */
export function rolloutsTabLink(entityRef: string, base = ''): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `${base}/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(kind.toLocaleLowerCase('en-US'))}/${encodeURIComponent(name)}/rollouts`;
}

/** "owner-alice" from "user:default/owner-alice"; anything else as it is. */
function personName(actor: string): string {
  try {
    const ref = parseEntityRef(actor);
    return ref.kind.toLocaleLowerCase('en-US') === 'user' ? ref.name : actor;
  } catch {
    return actor;
  }
}

/** The latest action that explains this notice, if a person (or an agent for one) acted recently. */
export function actorOf(notice: DeliveryNotice, history: HistoryEntry[], now = Date.now(), windowMs = 10 * 60_000): HistoryEntry | undefined {
  const explaining: Record<DeliveryNotice['event'], string[]> = {
    waiting: ['promote', 'skip-step', 'pause', 'retry'],
    aborted: ['abort'],
    degraded: ['abort', 'rollback', 'restart'],
    completed: ['promote', 'promote-full', 'skip-step', 'rollback'],
  };
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h.type !== 'action' || h.outcome !== 'succeeded' || !h.actor || !h.action) continue;
    if (now - Date.parse(h.at) > windowMs) return undefined;
    if (explaining[notice.event].includes(h.action)) return h;
  }
  return undefined;
}

function headline(view: DeliveryView, notice: DeliveryNotice): string {
  const what = `${view.namespace}/${view.name}`;
  const rev = view.revision !== undefined ? ` revision ${view.revision}` : '';
  switch (notice.event) {
    case 'waiting':
      if (view.pause?.reason === 'PausedByUser') return `${what}${rev} is paused by a person`;
      return `${what}${rev} is waiting for you to promote`;
    case 'aborted':
      return `${what}${rev} was aborted`;
    case 'degraded':
      return `${what}${rev} is degraded`;
    default:
      return `${what}${rev} is fully rolled out`;
  }
}

export interface NoticeMessageInput {
  view: DeliveryView;
  notice: DeliveryNotice;
  entityRefs: string[];
  severity: NotificationSeverity;
  actor?: HistoryEntry;
  linkBase?: string;
}

/** The notification payload for one notice. */
export function noticePayload({ view, notice, entityRefs, severity, actor, linkBase }: NoticeMessageInput): NotificationPayload {
  const lines: string[] = [];
  if (notice.where) lines.push(notice.where);
  // A pause step already says what it waits for; other pauses (inconclusive analysis, preview
  // ready, paused by someone) say why in the pause message.
  let why = view.message;
  if (notice.event === 'waiting') why = view.pause?.reason === 'CanaryPauseStep' && notice.where ? '' : view.pause?.message ?? '';
  if (why) lines.push(/[.!?]$/.test(why) ? why : `${why}.`);
  if (actor) {
    const agent = / through an AI agent/.test(actor.message) ? ' through an AI agent' : '';
    lines.push(`${actor.action === 'promote-full' ? 'Promoted fully' : `${actor.action![0].toUpperCase()}${actor.action!.slice(1)}`} by ${personName(actor.actor!)}${agent}.`);
  }
  const canary = view.images.find(i => i.tags.includes('canary') || i.tags.includes('preview'));
  if (canary && notice.event !== 'completed') lines.push(`New image: ${canary.image}.`);
  lines.push(`${view.kind} in cluster ${view.cluster ?? '?'}.`);
  return {
    title: headline(view, notice),
    description: lines.join(' '),
    link: rolloutsTabLink(entityRefs[0], linkBase),
    severity,
    topic: `${view.kind} ${view.namespace}/${view.name}`,
    scope: `rollouts:${noticeKey({ deliveryKey: view.key, revision: view.revision, event: notice.event, detail: notice.detail })}`,
    metadata: {
      deliveryKey: view.key,
      event: notice.event,
      revision: view.revision ?? null,
      step: view.currentStepIndex ?? null,
      ...(actor ? { actor: actor.actor ?? null } : {}),
    },
  };
}
