/** The snapshots behind outstanding LIST continue tokens (see list.ts). */
import { randomUUID } from 'node:crypto';
import { KubeObject } from '../../store/types';

/** how long a list snapshot serves continue tokens (etcd compacts every 5 minutes) */
const SNAPSHOT_TTL_MS = 5 * 60_000;
/** at most this many snapshots are kept; the oldest goes first */
const MAX_SNAPSHOTS = 64;

export interface Snapshot {
  items: readonly KubeObject[];
  rv: string;
  expires: number;
}

export interface ContinueToken {
  v: 'rollscope/v1';
  rv: string;
  /** key of the last object sent */
  start: string;
  /** snapshot id and offset of the next object in it */
  snapshot?: string;
  offset?: number;
}

/** The snapshots behind outstanding continue tokens. */
export class ListSnapshots {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(private readonly now: () => number = Date.now) {}

  add(items: readonly KubeObject[], rv: string): string {
    this.expire();
    while (this.snapshots.size >= MAX_SNAPSHOTS) {
      const oldest = this.snapshots.keys().next().value as string;
      this.snapshots.delete(oldest);
    }
    const id = randomUUID();
    this.snapshots.set(id, {
      items,
      rv,
      expires: this.now() + SNAPSHOT_TTL_MS,
    });
    return id;
  }

  get(id: string): Snapshot | undefined {
    this.expire();
    return this.snapshots.get(id);
  }

  /** the snapshot is fully read: free it at once */
  drop(id: string) {
    this.snapshots.delete(id);
  }

  private expire() {
    const now = this.now();
    for (const [id, s] of this.snapshots) {
      if (s.expires > now) break; // insertion order is expiry order
      this.snapshots.delete(id);
    }
  }
}

export const keyOf = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
