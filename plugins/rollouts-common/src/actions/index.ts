export { planRolloutAction, checkPrecondition } from './rollout';
export * from './canary';
export { actionLabels } from './labels';
export { acceptedStateOf, movedOnSince } from './accepted';
export type { AcceptedState } from './accepted';
export { ACTION_WRITE_TARGETS, declaredWriteTarget } from './targets';
export type { ActionWriteTarget } from './targets';
