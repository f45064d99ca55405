/*
 * The one place the extension reaches into the common model's derivation.
 */
export { deriveDeliveryView, formatStepPosition } from '@rollscope/rollouts-common';
