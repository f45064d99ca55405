/*
 * The one place the extension reaches into the common model's derivation.
 */
export { deriveDeliveryView } from '@rollscope/rollouts-common';
