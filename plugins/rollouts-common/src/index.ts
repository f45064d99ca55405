/**
 * The pure Rollscope model: raw Kubernetes objects in, delivery views and action plans out.
 * Runs in browsers and in Node; no I/O.
 *
 * @packageDocumentation
 */
export * from './model/types';
export * from './api/types';
export * from './permissions';
export * from './derive';
export * from './derive/rollout';
export * from './actions';
export * from './format';
export * from './selectors';
