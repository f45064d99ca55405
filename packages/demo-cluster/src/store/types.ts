/**
 * Internal contract of the demo cluster: the object store shared by the API
 * server and the simulated controllers.
 */

/** A kind served by the demo cluster. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: ('status' | 'scale')[];
  verbs?: string[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  generateName?: string;
  [k: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [k: string]: any;
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  object: KubeObject;
  resourceType: ResourceType;
}

/** An error carrying the HTTP status code and Kubernetes Status reason. */
export class StoreError extends Error {
  constructor(
    public code: number,
    public reason: string,
    message: string,
    public details?: unknown,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface ObjectStore {
  readonly resourceTypes: ResourceType[];
  typeFor(apiVersion: string, kind: string): ResourceType | undefined;
  typeByPlural(group: string, plural: string): ResourceType | undefined;
  /** deep copies; namespace undefined = all namespaces */
  list(type: ResourceType, namespace?: string): KubeObject[];
  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** assigns uid, resourceVersion, generation 1, creationTimestamp (now), generateName; 409 AlreadyExists */
  create(obj: KubeObject): KubeObject;
  /** replace spec+metadata (labels/annotations/ownerReferences); status untouched; 409 on resourceVersion mismatch when
   *  obj.metadata.resourceVersion is set; generation +1 only when spec changed */
  update(obj: KubeObject): KubeObject;
  /** replace status only (the status subresource) */
  updateStatus(obj: KubeObject): KubeObject;
  /** convenience for controllers: read-modify-write without conflicts */
  mutate(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    fn: (o: KubeObject) => void,
    opts?: { status?: boolean },
  ): KubeObject | undefined;
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject;
  subscribe(listener: (e: StoreEvent) => void): () => void;
  /** current global resourceVersion (monotonic integer as string) */
  resourceVersion(): string;
}
