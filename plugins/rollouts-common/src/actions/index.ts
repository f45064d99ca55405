export { planRolloutAction, checkPrecondition } from './rollout';
export * from './canary';
export { actionLabels } from './labels';
export { planPlainAction, plainActionViews, CHANGED_AT_ANNOTATION, SCALED_DOWN_ANNOTATION } from './plain';
export { acceptedStateOf, movedOnSince } from './accepted';
export type { AcceptedState } from './accepted';
export { ACTION_WRITE_TARGETS, declaredWriteTarget } from './targets';
export type { ActionWriteTarget } from './targets';
