import { humanDuration } from '@rollscope/rollouts-common';
import { KubeObject, ResourceType } from '../store/types';

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
  description: string;
  priority: number;
  cell: (o: KubeObject, now: Date) => unknown;
}

const num = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : 0;
const str = (v: unknown): string =>
  typeof v === 'string' ? v : String(v ?? '');

function age(o: KubeObject, now: Date): string {
  const t = Date.parse(str(o.metadata?.creationTimestamp));
  return Number.isFinite(t) ? humanDuration(now.getTime() - t) : '<unknown>';
}

const nameCol: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: o => o.metadata.name,
};
const ageCol: Column = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
  cell: age,
};
const col = (
  name: string,
  cell: Column['cell'],
  type: Column['type'] = 'string',
  priority = 0,
): Column => ({
  name,
  type,
  description: name,
  priority,
  cell,
});

// Columns several kinds share.
const desiredCol = col('Desired', o => num(o.spec?.replicas ?? 1), 'integer');
const currentCol = col('Current', o => num(o.status?.replicas), 'integer');
const upToDateCol = col(
  'Up-to-date',
  o => num(o.status?.updatedReplicas),
  'integer',
);
const availableCol = col(
  'Available',
  o => num(o.status?.availableReplicas),
  'integer',
);
const phaseCol = col('Status', o => str(o.status?.phase));
const dataCol = col(
  'Data',
  o => (o.data && typeof o.data === 'object' ? Object.keys(o.data).length : 0),
  'integer',
);

function podReady(o: KubeObject): string {
  const statuses = Array.isArray(o.status?.containerStatuses)
    ? o.status.containerStatuses
    : [];
  const total = Array.isArray(o.spec?.containers)
    ? o.spec.containers.length
    : statuses.length;
  const ready = statuses.filter((s: any) => s?.ready === true).length;
  return `${ready}/${total}`;
}

function podRestarts(o: KubeObject): number {
  const statuses = Array.isArray(o.status?.containerStatuses)
    ? o.status.containerStatuses
    : [];
  return statuses.reduce((n: number, s: any) => n + num(s?.restartCount), 0);
}

function servicePorts(o: KubeObject): string {
  const ports = Array.isArray(o.spec?.ports) ? o.spec.ports : [];
  if (!ports.length) return '<none>';
  return ports
    .map((p: any) => `${str(p?.port)}/${str(p?.protocol) || 'TCP'}`)
    .join(',');
}

function condition(
  o: KubeObject,
  type: string,
  field: 'status' | 'reason' = 'status',
): string {
  const conds = Array.isArray(o.status?.conditions) ? o.status.conditions : [];
  const c = conds.find((x: any) => x?.type === type);
  return c ? str(c[field]) : '';
}

const COLUMNS: Record<string, Column[]> = {
  Namespace: [
    nameCol,
    col('Status', o => str(o.status?.phase) || 'Active'),
    ageCol,
  ],
  Pod: [
    nameCol,
    col('Ready', podReady),
    col(
      'Status',
      o => str(o.status?.reason) || str(o.status?.phase) || 'Unknown',
    ),
    col('Restarts', podRestarts, 'integer'),
    ageCol,
    col('IP', o => str(o.status?.podIP) || '<none>', 'string', 1),
  ],
  Service: [
    nameCol,
    col('Type', o => str(o.spec?.type) || 'ClusterIP'),
    col('Cluster-IP', o => str(o.spec?.clusterIP) || '<none>'),
    col('External-IP', o =>
      Array.isArray(o.spec?.externalIPs) && o.spec.externalIPs.length
        ? o.spec.externalIPs.join(',')
        : '<none>',
    ),
    col('Port(s)', servicePorts),
    ageCol,
  ],
  Deployment: [
    nameCol,
    col(
      'Ready',
      o => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas ?? 1)}`,
    ),
    upToDateCol,
    availableCol,
    ageCol,
  ],
  ReplicaSet: [
    nameCol,
    desiredCol,
    currentCol,
    col('Ready', o => num(o.status?.readyReplicas), 'integer'),
    ageCol,
  ],
  Job: [
    nameCol,
    col('Status', o => {
      if (condition(o, 'Complete') === 'True') return 'Complete';
      return condition(o, 'Failed') === 'True' ? 'Failed' : 'Running';
    }),
    col(
      'Completions',
      o => `${num(o.status?.succeeded)}/${num(o.spec?.completions ?? 1)}`,
    ),
    ageCol,
  ],
  Rollout: [nameCol, desiredCol, currentCol, upToDateCol, availableCol, ageCol],
  AnalysisRun: [nameCol, phaseCol, ageCol],
  Experiment: [nameCol, phaseCol, ageCol],
  Canary: [
    nameCol,
    phaseCol,
    col('Weight', o => num(o.status?.canaryWeight), 'integer'),
    col('LastTransitionTime', o => str(o.status?.lastTransitionTime)),
  ],
  CanaryDelivery: [nameCol, col('Phase', o => str(o.status?.phase)), ageCol],
  Application: [
    nameCol,
    col('Sync Status', o => str(o.status?.sync?.status)),
    col('Health Status', o => str(o.status?.health?.status)),
  ],
  Event: [
    col('Last Seen', (o, now) => {
      const t = Date.parse(
        str(o.lastTimestamp || o.eventTime || o.metadata?.creationTimestamp),
      );
      return Number.isFinite(t)
        ? humanDuration(now.getTime() - t)
        : '<unknown>';
    }),
    col('Type', o => str(o.type)),
    col('Reason', o => str(o.reason)),
    col(
      'Object',
      o =>
        `${str(o.involvedObject?.kind).toLowerCase()}/${str(o.involvedObject?.name)}`,
    ),
    col('Message', o => str(o.message)),
  ],
  ConfigMap: [nameCol, dataCol, ageCol],
  Secret: [nameCol, col('Type', o => str(o.type) || 'Opaque'), dataCol, ageCol],
};

function columnsFor(type: ResourceType): Column[] {
  return COLUMNS[type.kind] ?? [nameCol, ageCol];
}

function safeCell(c: Column, o: KubeObject, now: Date): unknown {
  try {
    return c.cell(o, now);
  } catch {
    return '<unknown>';
  }
}

function partialMetadata(o: KubeObject) {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: o.metadata,
  };
}

/** The object of a row, as the includeObject parameter asks (default: its metadata). */
function rowObject(o: KubeObject, includeObject: string | undefined) {
  if (includeObject === 'None') return undefined;
  return includeObject === 'Object' ? o : partialMetadata(o);
}

/** A meta.k8s.io/v1 Table as `kubectl get` asks for it. */
export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  opts: {
    now: Date;
    resourceVersion?: string;
    continueToken?: string;
    noHeaders?: boolean;
    includeObject?: string;
  },
) {
  const cols = columnsFor(type);
  const table: any = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {} as Record<string, string>,
    columnDefinitions: opts.noHeaders
      ? null
      : cols.map(c => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.description,
          priority: c.priority,
        })),
    rows: objects.map(o => ({
      cells: cols.map(c => safeCell(c, o, opts.now)),
      object: rowObject(o, opts.includeObject),
    })),
  };
  if (opts.resourceVersion)
    table.metadata.resourceVersion = opts.resourceVersion;
  if (opts.continueToken) table.metadata.continue = opts.continueToken;
  return table;
}

/** Whether an Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0];
  return /as=Table/.test(first) && /g=meta\.k8s\.io/.test(first);
}
