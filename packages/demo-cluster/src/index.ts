/**
 * An embedded Kubernetes API server with simulated Argo Rollouts, Flagger and
 * CanaryDelivery controllers, for demos and tests.
 *
 * @packageDocumentation
 */
export {
  startDemoCluster,
  rbacDir,
  DEFAULT_ADMIN_TOKEN,
  DEFAULT_BACKEND_TOKEN,
} from './cluster';
export type { DemoCluster, DemoClusterOptions, Faults } from './cluster';
export { MemoryStore } from './store/MemoryStore';
export { StoreError } from './store/types';
export type {
  KubeObject,
  ObjectMeta,
  ObjectStore,
  ResourceType,
  StoreEvent,
  StoreEventType,
} from './store/types';
export { createClock } from './clock';
export type { Clock } from './clock';
export { createRandom } from './random';
