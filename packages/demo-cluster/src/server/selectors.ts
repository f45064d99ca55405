import { KubeObject } from '../store/types';

export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

export class SelectorError extends Error {}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

function checkKey(key: string) {
  if (!KEY.test(key))
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}"`,
    );
}
function checkValue(v: string) {
  if (!VALUE.test(v) || v.length > 63) {
    throw new SelectorError(
      `unable to parse requirement: invalid label value: "${v}"`,
    );
  }
}

/** Parses a Kubernetes label selector: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`. */
export function parseLabelSelector(input: string): Requirement[] {
  const out: Requirement[] = [];
  for (const part of splitTopLevel(input)) {
    const setMatch = part.match(/^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/);
    const equalityMatch = part.match(/^([^!=\s]+)\s*(==|!=|=)\s*(\S*)$/);
    const absentMatch = part.match(/^!\s*(\S+)$/);
    const existsMatch = part.match(/^(\S+)$/);
    if (setMatch) {
      checkKey(setMatch[1]);
      const values = setMatch[3]
        .split(',')
        .map(v => v.trim())
        .filter(v => v !== '' || setMatch[3].trim() === '');
      values.forEach(checkValue);
      out.push({ key: setMatch[1], op: setMatch[2] as 'in' | 'notin', values });
    } else if (equalityMatch) {
      checkKey(equalityMatch[1]);
      checkValue(equalityMatch[3]);
      out.push({
        key: equalityMatch[1],
        op: equalityMatch[2] === '!=' ? 'notin' : 'in',
        values: [equalityMatch[3]],
      });
    } else if (absentMatch) {
      checkKey(absentMatch[1]);
      out.push({ key: absentMatch[1], op: '!exists' });
    } else if (existsMatch) {
      checkKey(existsMatch[1]);
      out.push({ key: existsMatch[1], op: 'exists' });
    } else {
      throw new SelectorError(`unable to parse requirement: "${part}"`);
    }
  }
  return out;
}

export function matchesLabels(
  reqs: Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels && typeof labels === 'object' ? labels : {};
  return reqs.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      default:
        return false;
    }
  });
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** Field labels the API server accepts per kind, besides metadata.name and metadata.namespace. */
const KIND_FIELDS: Record<string, string[]> = {
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Secret: ['type'],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
  Node: ['spec.unschedulable'],
};

/** Parses a field selector on metadata.name / metadata.namespace and the kind's own field labels. */
export function parseFieldSelector(
  input: string,
  kind: string,
): FieldRequirement[] {
  const allowed = [
    'metadata.name',
    'metadata.namespace',
    ...(KIND_FIELDS[kind] ?? []),
  ];
  const out: FieldRequirement[] = [];
  for (const part of splitTopLevel(input)) {
    const m = part.match(/^([^!=\s]+)\s*(==|!=|=)\s*(.*)$/);
    if (!m)
      throw new SelectorError(
        `invalid selector: '${part}'; can't understand '${part}'`,
      );
    if (!allowed.includes(m[1])) {
      throw new SelectorError(`field label not supported: ${m[1]}`);
    }
    out.push({
      field: m[1],
      op: m[2] === '!=' ? '!=' : '=',
      value: m[3].trim(),
    });
  }
  return out;
}

function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'metadata.namespace') return obj.metadata.namespace ?? '';
  if (field === 'source')
    return String(obj.source?.component ?? obj.reportingComponent ?? '');
  let cur: any = obj;
  for (const key of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = cur[key];
  }
  if (cur === undefined || cur === null)
    return field === 'spec.hostNetwork' || field === 'spec.unschedulable'
      ? 'false'
      : '';
  return typeof cur === 'object' ? '' : String(cur);
}

export function matchesFields(
  reqs: FieldRequirement[],
  obj: KubeObject,
): boolean {
  return reqs.every(r => {
    const actual = fieldValue(obj, r.field);
    return r.op === '=' ? actual === r.value : actual !== r.value;
  });
}
