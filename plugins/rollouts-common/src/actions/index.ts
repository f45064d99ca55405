export { planRolloutAction, checkPrecondition } from './rollout';
export * from './canary';
export { actionLabels } from './labels';
