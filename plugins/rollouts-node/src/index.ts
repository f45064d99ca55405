/**
 * Extension points and shared service interfaces of the Rollscope rollouts backend.
 *
 * @packageDocumentation
 */
import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * One Kubernetes cluster the rollouts backend watches. The token is a service-account token; it
 * stays in the backend and never reaches a browser.
 * @public
 */
export interface RolloutsClusterConfig {
  name: string;
  url: string;
  serviceAccountToken?: string;
  /** Base64 PEM of the cluster CA. */
  caData?: string;
  skipTLSVerify?: boolean;
}

/**
 * Supplies clusters in addition to (or instead of) the ones in configuration.
 * @public
 */
export interface RolloutsClusterSupplier {
  getClusters(): Promise<RolloutsClusterConfig[]>;
}

/** @public */
export interface RolloutsClusterSupplierExtensionPoint {
  /** Replaces the clusters read from configuration with those of the supplier. */
  setClusterSupplier(supplier: RolloutsClusterSupplier): void;
}

/**
 * Lets a backend module supply the clusters the rollouts backend watches.
 * @public
 */
export const rolloutsClusterSupplierExtensionPoint =
  createExtensionPoint<RolloutsClusterSupplierExtensionPoint>({
    id: 'rollouts.cluster-supplier',
  });
export * from './permissions';
