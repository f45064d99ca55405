export { planRolloutAction, checkPrecondition } from './rollout';
export * from './canary';
