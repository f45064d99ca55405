import { deliveryKindOf } from './argocd/tree';

/**
 * Counts the application's deliveries that Argo CD reports as paused ("Suspended") or
 * "Degraded", from application.status.resources.
 * @public
 */
export function attentionSummary(application: unknown): {
  paused: number;
  degraded: number;
  names: string[];
} {
  const resources = (application as any)?.status?.resources;
  const out = { paused: 0, degraded: 0, names: [] as string[] };
  if (!Array.isArray(resources)) return out;
  for (const r of resources) {
    if (!r || typeof r !== 'object' || !deliveryKindOf(r.group, r.kind))
      continue;
    const health = r.health?.status;
    if (health === 'Suspended' || health === 'Paused') out.paused++;
    else if (health === 'Degraded') out.degraded++;
    else continue;
    out.names.push(
      `${r.kind} ${typeof r.name === 'string' ? r.name : '?'}: ${health}`,
    );
  }
  return out;
}
