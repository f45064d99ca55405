/**
 * The Rollscope Argo CD UI extension: resource tabs for Rollout, CanaryDelivery and Canary, the
 * "Rollouts" application view and a status panel item.
 *
 * @packageDocumentation
 */
export {
  registerRollscope,
  resourceTabTitles,
  type RollscopeArgoComponents,
} from './register';
export { readConfig, currentConfig, type RollscopeArgoConfig } from './config';
export * from './argocd/types';
export {
  findDeliveries,
  deliveryKinds,
  deliveryKindOf,
  rolloutInputsFromTree,
  canaryInputsFromTree,
  applicationHeader,
  applicationProject,
  type DeliveryRefInApp,
} from './argocd/tree';
export {
  ArgoCdRolloutsClient,
  RollscopeRequestError,
  argoCdRolloutActions,
  argoProxyHeaders,
  validResourceRef,
  ARGOCD_ENTITY_REF,
} from './argocd/client';
export {
  useRollscopeBackend,
  unavailableReason,
  type ConnectionMode,
} from './hooks/useRollscopeBackend';
export { useArgoDelivery } from './hooks/useArgoDelivery';
export { useAppDeliveries } from './hooks/useAppDeliveries';
export { deriveFromArgo, readOnlyActions, kindOfResource } from './derive';
export { nextAction, needsAttention } from './nextAction';
export { attentionSummary } from './status';
export { ResourceTab } from './components/ResourceTab';
export {
  AppView,
  AttentionFlyout,
  DeliveriesTable,
} from './components/AppView';
export { StatusPanel } from './components/StatusPanel';
