/*
 * Traffic routers: reads the split a router object (VirtualService, HTTPRoute, Ingress,
 * TrafficSplit, TraefikService, ...) holds for a delivery. Pure and browser-safe; never throws.
 */
export { routesForRollout } from './rollout';
export { routesForCanary } from './canary';
export { serviceSwitchView } from './serviceSwitch';
export type { ServiceSwitchView } from './serviceSwitch';
