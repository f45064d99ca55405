/*
 * Rollscope's operations in Backstage's actions registry, so AI agents (through
 * @backstage/plugin-mcp-actions-backend) can follow and steer deliveries with the caller's own
 * identity: the same read permission, the same action entry point (permission check, live
 * preconditions, audit, history) as the Rollouts tab, recorded as done through an agent.
 */
import type { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import type { ActionPrecondition, DeliveryAction, DeliveryKind } from '@rollscope/rollouts-common';
import { actionPermissionKind } from '@rollscope/rollouts-common';
import type { AccessContext } from '../service/access';
import type { ActionTarget } from '../service/ActionRunner';
import type { DeliveryIndex, IndexEntry } from '../service/DeliveryIndex';
import { deliveryKey } from '../service/DeliveryIndex';
import { DELIVERY_KINDS } from '../service/kinds';
import type { RolloutsService } from '../service/RolloutsService';
import { DELIVERY_ACTIONS, validateEntityRef, validateName, validateNamespace } from '../service/validation';
import { deliveryDetail, deliverySummary } from './agentView';

type Zod = Parameters<Parameters<ActionsRegistryService['register']>[0]['schema']['input']>[0];

export interface DeliveryToolsOptions {
  registry: ActionsRegistryService;
  /** Index, history and the action runner (read when called: the runner is rebuilt when the service starts). */
  service: Pick<RolloutsService, 'index' | 'history' | 'runner'>;
  /** Resolves what the caller may see and do on an entity (the Rollouts tab's checks). */
  accessFor(credentials: BackstageCredentials, entityRef: string): Promise<AccessContext>;
  logger: LoggerService;
}

const ENTITY_HELP =
  'Catalog entity reference kind:namespace/name, e.g. "component:default/checkout" (the entity whose Rollouts tab shows the delivery).';

const entityInput = (z: Zod) => z.string().min(3).max(500).describe(ENTITY_HELP);

const deliveryInput = (z: Zod) => ({
  entityRef: entityInput(z),
  name: z.string().min(1).max(253).describe('Name of the delivery object (Rollout, Canary or CanaryDelivery), as listed by list-deliveries.'),
  namespace: z.string().min(1).max(63).describe('Kubernetes namespace of the delivery, as listed by list-deliveries.'),
  kind: z
    .string()
    .max(40)
    .optional()
    .describe(`Delivery kind as listed by list-deliveries (${Object.keys(DELIVERY_KINDS).join(', ')}); needed only when two kinds share a name.`),
  cluster: z.string().max(100).optional().describe('Cluster name as listed by list-deliveries; needed only with several clusters.'),
});

const expectedInput = (z: Zod) =>
  z
    .object({
      revision: z.number().int().nonnegative().optional().describe('The revision you saw (expected.revision from get-delivery).'),
      stepIndex: z.number().int().nonnegative().optional().describe('The 0-based step index you saw (expected.stepIndex from get-delivery).'),
      phase: z.string().max(100).optional().describe('The phase you saw, for deliveries without revision numbers.'),
    })
    .describe(
      'The state you last saw, copied unchanged from the `expected` field of get-delivery. The action is refused with a conflict if the delivery has moved on since; then call get-delivery again and decide afresh.',
    );

const summaryOutput = (z: Zod) =>
  z
    .object({
      cluster: z.string(),
      kind: z.string(),
      namespace: z.string(),
      name: z.string(),
      status: z.string().describe('Healthy, Progressing, Paused, Degraded or Unknown.'),
      phase: z.string(),
      message: z.string(),
      revision: z.number().optional(),
      step: z.string().optional(),
      canaryPercent: z.number().optional(),
      waitingForPerson: z.boolean().describe('True when only a person (promote) can move it on.'),
    })
    .passthrough();

/** The entry a caller may see, or a 404 that does not say whether it exists elsewhere. */
function scopedEntry(index: DeliveryIndex, ctx: AccessContext, t: ActionTarget): IndexEntry {
  const entry = index.get(t.key);
  if (!entry || !ctx.scope.matches(entry)) {
    throw new NotFoundError(`No ${t.kind} ${t.namespace}/${t.name} in cluster ${t.cluster} belongs to ${ctx.scope.id}.`);
  }
  return entry;
}

/** Resolves a delivery named by an agent to one the caller may see, or says how to name it. */
function resolveTarget(
  index: DeliveryIndex,
  ctx: AccessContext,
  input: { entityRef: string; name: string; namespace: string; kind?: string; cluster?: string },
  { checkScope = true } = {},
): ActionTarget {
  if (input.kind !== undefined && !Object.prototype.hasOwnProperty.call(DELIVERY_KINDS, input.kind)) {
    throw new InputError(`Unknown kind "${input.kind.slice(0, 40)}": use one of ${Object.keys(DELIVERY_KINDS).join(', ')}.`);
  }
  const namespace = validateNamespace(input.namespace);
  const name = validateName(input.name);
  const clusters = index.clusterNames();
  if (input.cluster !== undefined && !clusters.includes(input.cluster)) {
    throw new NotFoundError(`Unknown cluster "${input.cluster.slice(0, 80)}"; known clusters: ${clusters.join(', ') || 'none'}.`);
  }
  const candidates = index.list(
    e => ctx.scope.matches(e) && e.namespace === namespace && e.name === name && (!input.kind || e.kind === input.kind) && (!input.cluster || e.cluster === input.cluster),
  );
  if (candidates.length > 1) {
    throw new InputError(
      `Several deliveries are named ${namespace}/${name} (${candidates.map(c => `${c.kind} in ${c.cluster}`).join('; ')}); pass kind and cluster.`,
    );
  }
  const found = candidates[0];
  const kind = found?.kind ?? (input.kind as DeliveryKind | undefined) ?? 'Rollout';
  const cluster = found?.cluster ?? input.cluster ?? clusters[0] ?? '';
  const t = { cluster, kind, namespace, name, key: deliveryKey(cluster, kind, namespace, name) };
  // 404 in the caller's words when it is not theirs to see (actions leave it to the runner, which audits the attempt)
  if (checkScope) scopedEntry(index, ctx, t);
  return t;
}

async function allowedActions(ctx: AccessContext, entry: IndexEntry): Promise<DeliveryAction[]> {
  const held = (await ctx.allowedKinds([entry])).get(entry.key);
  return held ? DELIVERY_ACTIONS.filter(a => held.has(actionPermissionKind[a])) : [];
}

/** Registers list / get / history and the four steering actions. */
export function registerDeliveryTools(options: DeliveryToolsOptions): void {
  const { registry, service, accessFor } = options;
  const index = service.index;
  const context = (credentials: BackstageCredentials, entityRef: string) => accessFor(credentials, validateEntityRef(entityRef));

  registry.register({
    name: 'list-deliveries',
    title: 'List progressive deliveries of a catalog entity',
    description:
      'Lists the progressive deliveries (Argo Rollouts Rollouts, Flagger Canaries, CanaryDeliveries) that belong to a Backstage catalog entity, across clusters, with their live status, current step and canary traffic. Start here to find a delivery\'s name, namespace, kind and cluster; then call get-delivery for details before any action. `waitingForPerson: true` means the release is paused until someone promotes it.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ entityRef: entityInput(z) }),
      output: z =>
        z.object({
          entityRef: z.string(),
          deliveries: z.array(summaryOutput(z)),
          notes: z.array(z.string()).optional().describe('Why some deliveries may be missing (unusable entity annotations).'),
        }),
    },
    examples: [
      {
        title: 'Deliveries of the checkout service',
        input: { entityRef: 'component:default/checkout' },
      },
    ],
    action: async ({ input, credentials }) => {
      const ctx = await context(credentials, input.entityRef);
      const deliveries = index.list(ctx.scope.matches).map(e => deliverySummary(index.view(e)));
      return { output: { entityRef: ctx.scope.id, deliveries, ...(ctx.notes?.length ? { notes: ctx.notes } : {}) } };
    },
  });

  registry.register({
    name: 'get-delivery',
    title: 'Get one progressive delivery in detail',
    description:
      'Returns one delivery as its Rollouts tab shows it: every step and which one is current, the live traffic split (desired and actual, per router object), analysis runs with their metrics, replicas, images, and for each action (promote, abort, retry, rollback, ...) whether it is possible now, whether you may run it, and exactly what it would do. Also returns `expected`, the state to pass unchanged to promote / abort / retry / rollback.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object(deliveryInput(z)),
      output: z =>
        z.object({
          delivery: summaryOutput(z).extend({
            expected: z.object({ revision: z.number().optional(), stepIndex: z.number().optional(), phase: z.string().optional() }),
            link: z.string().describe('Path of the Rollouts tab in the portal.'),
          }),
        }),
    },
    examples: [
      {
        title: 'The checkout canary',
        input: { entityRef: 'component:default/checkout', namespace: 'shop', name: 'checkout' },
      },
    ],
    action: async ({ input, credentials }) => {
      const ctx = await context(credentials, input.entityRef);
      const t = resolveTarget(index, ctx, input);
      const entry = scopedEntry(index, ctx, t);
      return { output: { delivery: deliveryDetail(index.view(entry), await allowedActions(ctx, entry), ctx.scope.id) } };
    },
  });

  registry.register({
    name: 'get-delivery-history',
    title: 'Get the history of a progressive delivery',
    description:
      'Returns the timeline of one delivery, oldest first: revision, phase, step and canary-weight changes and every action taken on it (who, through which surface, with what outcome). Use it to explain what happened to a release or who already acted.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ ...deliveryInput(z), limit: z.number().int().min(1).max(500).optional().describe('Newest entries to return; default 50.') }),
      output: z =>
        z.object({
          entries: z.array(
            z
              .object({ at: z.string(), type: z.string(), message: z.string(), actor: z.string().optional(), outcome: z.string().optional() })
              .passthrough(),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const ctx = await context(credentials, input.entityRef);
      const t = resolveTarget(index, ctx, input);
      const entries = service.history ? await service.history.list(t.key, input.limit ?? 50) : [];
      return { output: { entries: entries.map(({ id: _id, deliveryKey: _k, ...rest }) => rest) } };
    },
  });

  const steering: { name: string; action: DeliveryAction; title: string; description: string; destructive: boolean; rollback?: boolean; full?: boolean }[] = [
    {
      name: 'promote-delivery',
      action: 'promote',
      title: 'Promote a progressive delivery',
      description:
        'Moves a paused delivery on: past the current pause step (canary), or switches the preview to active (blue/green). With `full: true` it skips all remaining steps and analysis and makes the new revision stable at once. Call get-delivery first and pass its `expected`; check the `promote` entry of its actions to see what will happen and whether you may.',
      destructive: false,
      full: true,
    },
    {
      name: 'abort-delivery',
      action: 'abort',
      title: 'Abort a progressive delivery',
      description:
        'Stops the release in progress and sends all traffic back to the stable revision (Argo Rollouts abort, Flagger / CanaryDelivery rollback of the canary). The delivery then shows Degraded until it is retried or a new revision is deployed. Pass `expected` from get-delivery.',
      destructive: true,
    },
    {
      name: 'retry-delivery',
      action: 'retry',
      title: 'Retry an aborted progressive delivery',
      description:
        'Starts an aborted release again from its first step. Possible only when get-delivery shows it aborted. Pass `expected` from get-delivery.',
      destructive: false,
    },
    {
      name: 'rollback-delivery',
      action: 'rollback',
      title: 'Roll a progressive delivery back to an earlier revision',
      description:
        'Deploys an earlier revision again (Argo Rollouts undo; CanaryDelivery: marks the newest release for rollback). `toRevision` picks the revision (see rollbackTargets in get-delivery); by default the previous one. Pass `expected` from get-delivery.',
      destructive: true,
      rollback: true,
    },
  ];

  for (const tool of steering) {
    registry.register({
      name: tool.name,
      title: tool.title,
      description: `${tool.description} Runs with your own permissions; it is recorded in the delivery's history and the audit log as done by you through an AI agent.`,
      attributes: { destructive: tool.destructive, readOnly: false, idempotent: false },
      schema: {
        input: z =>
          z.object({
            ...deliveryInput(z),
            expected: expectedInput(z),
            reason: z.string().max(1000).optional().describe('Why, in a sentence a person reads in the history.'),
            ...(tool.full ? { full: z.boolean().optional().describe('Promote fully: skip all remaining steps and analysis.') } : {}),
            ...(tool.rollback ? { toRevision: z.number().int().min(1).optional().describe('Revision to go back to.') } : {}),
          }),
        output: z =>
          z.object({
            action: z.string(),
            summary: z.string().describe('What was done, in words.'),
            noop: z.boolean().describe('True when the delivery was already in that state and nothing was sent.'),
            requests: z.array(z.string()).describe('The Kubernetes requests sent.'),
            delivery: summaryOutput(z).optional().describe('The delivery right after the action.'),
          }),
      },
      action: async ({ input, credentials }) => {
        const expected = input.expected as ActionPrecondition;
        if (expected.revision === undefined && expected.stepIndex === undefined && expected.phase === undefined) {
          throw new InputError('expected must hold the state you saw (revision and stepIndex, as returned by get-delivery).');
        }
        const ctx = await context(credentials, input.entityRef);
        const t = resolveTarget(index, ctx, input, { checkScope: false });
        const seen = index.get(t.key)?.summary;
        const missing = [
          seen?.revision !== undefined && expected.revision === undefined ? 'revision' : undefined,
          seen?.currentStepIndex !== undefined && expected.stepIndex === undefined ? 'stepIndex' : undefined,
        ].filter(Boolean);
        if (missing.length) {
          throw new InputError(`expected.${missing.join(' and expected.')} is required for this delivery: pass the \`expected\` object from get-delivery.`);
        }
        const action: DeliveryAction = tool.full && (input as { full?: boolean }).full ? 'promote-full' : tool.action;
        const toRevision = (input as { toRevision?: number }).toRevision;
        const result = await service.runner.run({
          ctx,
          target: t,
          request: { action, expected, ...(input.reason ? { reason: input.reason } : {}), ...(toRevision ? { toRevision } : {}) },
          method: 'AGENT',
          path: `actions-registry:rollouts:${tool.name}`,
          via: 'agent',
        });
        return {
          output: {
            action: result.action,
            summary: result.summary,
            noop: result.noop,
            requests: result.requests.map(r => r.description),
            ...(result.delivery ? { delivery: deliverySummary(result.delivery) } : {}),
          },
        };
      },
    });
  }
}
