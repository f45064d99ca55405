/*
 * Flagger Canary and Alauda CanaryDelivery → DeliveryView.
 */
export { deriveFlaggerCanaryView } from './flagger';
export { deriveCanaryDeliveryView } from './canaryDelivery';
