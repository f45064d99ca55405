/*
 * Every Flagger phase, from fixture files holding the status Flagger writes in each phase, for a
 * Flagger Canary and for a CanaryDelivery in the Alauda documentation schema.
 */
import type { DeliveryView } from '../../model/types';
import { planCanaryAction } from '../../actions/canary';
import { deriveCanaryDeliveryView } from './canaryDelivery';
import { deriveFlaggerCanaryView } from './flagger';
import { loadScenario } from '../../__testUtils__/fixtures';

type Row = [phase: string, status: DeliveryView['status'], current: number | undefined, states: string];

// Plan: 10, 20, 30, 40, 50 %, then promotion (index 5). d=done c=current p=pending s=skipped
const rows: Row[] = [
  ['Initializing', 'Progressing', undefined, 'pppppp'],
  ['Initialized', 'Healthy', undefined, 'pppppp'],
  ['Waiting', 'Paused', 0, 'cppppp'],
  ['Progressing', 'Progressing', 2, 'ddcppp'],
  ['WaitingPromotion', 'Paused', 5, 'dddddc'],
  ['Promoting', 'Progressing', 5, 'dddddc'],
  ['Finalising', 'Progressing', 5, 'dddddc'],
  ['Succeeded', 'Healthy', 6, 'dddddd'],
  ['Failed', 'Degraded', undefined, 'ppppps'],
  ['Terminating', 'Unknown', undefined, 'pppppp'],
  ['Terminated', 'Unknown', undefined, 'pppppp'],
];

const letter = { done: 'd', current: 'c', pending: 'p', skipped: 's', failed: 'f' } as const;

describe.each([
  ['Canary', 'canary-flagger-phases', deriveFlaggerCanaryView],
  ['CanaryDelivery', 'canary-delivery-phases', deriveCanaryDeliveryView],
] as const)('%s in every phase', (kind, scenario, derive) => {
  const docs = loadScenario(scenario);
  it('has one object per phase', () => expect(docs).toHaveLength(rows.length));

  it.each(rows)('%s → %s', (phase, status, current, states) => {
    const canary = docs.find(d => (d.status as { phase: string }).phase === phase)!;
    const view = derive({ canary });
    expect(view.kind).toBe(kind);
    expect(view.phase).toBe(phase);
    expect(view.status).toBe(status);
    expect(view.currentStepIndex).toBe(current);
    expect(view.steps.map(s => letter[s.state]).join('')).toBe(states);
    expect(view.aborted).toBe(phase === 'Failed');
    expect(view.message).toBe((canary.status as { conditions: { message: string }[] }).conditions[0].message + (phase === 'Progressing' ? ' (failed checks: 2; rollback at 5)' : ''));
    expect(view.conditions[0].type).toBe('Promoted');
    expect(view.pause?.manual ?? false).toBe(status === 'Paused');
    // Only the Alauda-specific fields are kept aside, silently (they are documented).
    expect(view.warnings).toEqual([]);
  });
});

describe('CanaryDelivery in every phase', () => {
  const docs = loadScenario('canary-delivery-phases');
  it.each(rows)('%s keeps the Alauda analysis fields aside', phase => {
    const canary = docs.find(d => (d.status as { phase: string }).phase === phase)!;
    const view = deriveCanaryDeliveryView({ canary });
    expect(Object.keys(view.canaryAnalysis?.raw ?? {})).toHaveLength(5);
  });
});

describe('Canary actions in every phase', () => {
  const docs = loadScenario('canary-flagger-phases');
  it.each(rows)('%s', phase => {
    const canary = docs.find(d => (d.status as { phase: string }).phase === phase)!;
    const view = deriveFlaggerCanaryView({ canary });
    const full = planCanaryAction({ canary }, 'Canary', { action: 'promote-full', expected: { phase } });
    expect(full.ok).toBe(['Progressing', 'WaitingPromotion'].includes(phase));
    expect(view.actions.find(a => a.action === 'promote-full')!.enabled).toBe(full.ok);
    expect(planCanaryAction({ canary }, 'Canary', { action: 'pause', expected: { phase, canaryWeight: view.setWeight } }).ok).toBe(true);
  });
});
