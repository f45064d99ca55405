import { KubeObject, ResourceType, StoreError } from './types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Kubernetes' "group kind" spelling, e.g. `Rollout.argoproj.io` or `Pod`. */
export function qualifiedKind(type: ResourceType): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}

/** Kubernetes' "group resource" spelling, e.g. `rollouts.argoproj.io` or `pods`. */
export function qualifiedResource(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** Problems with a name for the given kind, worded like the API server. */
export function nameProblems(type: ResourceType, name: string): string[] {
  if (type.group === 'rbac.authorization.k8s.io') {
    // RBAC objects only need to be valid path segments
    if (name === '.' || name === '..') return [`may not be '${name}'`];
    if (/[/%]/.test(name)) return [`may not contain '/' or '%'`];
    return [];
  }
  if (type.kind === 'Namespace' || type.kind === 'Service') {
    const out: string[] = [];
    if (name.length > 63) out.push('must be no more than 63 characters');
    if (!DNS1123_LABEL.test(name)) out.push(LABEL_MSG);
    return out;
  }
  const out: string[] = [];
  if (name.length > 253) out.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(name)) out.push(SUBDOMAIN_MSG);
  return out;
}

export interface FieldCause {
  reason: string;
  message: string;
  field: string;
}

export function invalid(
  type: ResourceType,
  name: string,
  causes: FieldCause[],
): StoreError {
  const text = causes.map(c => c.message).join(', ');
  const shown = causes.length > 1 ? `[${text}]` : text;
  return new StoreError(
    422,
    'Invalid',
    `${qualifiedKind(type)} "${name}" is invalid: ${shown}`,
    { name, group: type.group, kind: type.kind, causes },
  );
}

/**
 * Checks the object's shape before it is stored: an object with metadata,
 * a valid name (or generateName), a matching kind and a namespace when the
 * kind is namespaced.
 */
export function validateObject(
  type: ResourceType,
  obj: KubeObject,
  opts: { creating: boolean },
): void {
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  const causes: FieldCause[] = [];
  if (obj.apiVersion !== undefined && typeof obj.apiVersion !== 'string') {
    causes.push({
      reason: 'FieldValueInvalid',
      message: 'apiVersion: Invalid value: must be a string',
      field: 'apiVersion',
    });
  }
  if (obj.kind !== undefined && obj.kind !== type.kind) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `kind: Invalid value: ${JSON.stringify(obj.kind)}: must be ${type.kind}`,
      field: 'kind',
    });
  }
  const meta = obj.metadata;
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'metadata: Required value',
      field: 'metadata',
    });
    throw invalid(type, name, causes);
  }
  if (!name) {
    const gen =
      opts.creating &&
      typeof meta.generateName === 'string' &&
      meta.generateName;
    if (!gen) {
      causes.push({
        reason: 'FieldValueRequired',
        message:
          'metadata.name: Required value: name or generateName is required',
        field: 'metadata.name',
      });
    }
  } else {
    for (const p of nameProblems(type, name)) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `metadata.name: Invalid value: ${JSON.stringify(name)}: ${p}`,
        field: 'metadata.name',
      });
    }
  }
  if (type.namespaced) {
    const ns = meta.namespace;
    if (typeof ns !== 'string' || !ns) {
      causes.push({
        reason: 'FieldValueRequired',
        message: 'metadata.namespace: Required value',
        field: 'metadata.namespace',
      });
    } else if (!isDns1123Label(ns)) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `metadata.namespace: Invalid value: ${JSON.stringify(ns)}: ${LABEL_MSG}`,
        field: 'metadata.namespace',
      });
    }
  }
  for (const field of ['labels', 'annotations'] as const) {
    const v = meta[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'object' || Array.isArray(v)) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `metadata.${field}: Invalid value: must be a map of strings`,
        field: `metadata.${field}`,
      });
      continue;
    }
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `metadata.${field}: Invalid value: ${JSON.stringify(k)}: value must be a string`,
          field: `metadata.${field}`,
        });
      }
    }
  }
  if (
    meta.ownerReferences !== undefined &&
    !Array.isArray(meta.ownerReferences)
  ) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: 'metadata.ownerReferences: Invalid value: must be a list',
      field: 'metadata.ownerReferences',
    });
  }
  if (causes.length) throw invalid(type, name, causes);
}
