/*
 * Malformed input never crashes: fixtures with random parts replaced by wrong types, seeded so a
 * failure can be replayed.
 */
import type { CanaryInputs } from '../../model/types';
import { planCanaryAction } from '../../actions/canary';
import { routesForCanary, routesForRollout, serviceSwitchView } from '../traffic';
import { loadScenario } from '../../__testUtils__/fixtures';
import { deriveCanaryDeliveryView } from './canaryDelivery';
import { deriveFlaggerCanaryView } from './flagger';

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const garbage: unknown[] = [null, undefined, 0, -1, 1e309, NaN, '', 'x', '100', true, [], {}, [null], { a: 1 }];

/** Replaces a few random nodes of a deep copy with garbage. */
function mutate(value: unknown, rand: () => number): unknown {
  const copy = structuredClone(value);
  const nodes: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => { nodes.push([v, i]); walk(x); });
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { nodes.push([v as Record<string, unknown>, k]); walk(x); }
  };
  walk(copy);
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n && nodes.length; i++) {
    const [parent, key] = nodes[Math.floor(rand() * nodes.length)];
    (parent as Record<string | number, unknown>)[key] = garbage[Math.floor(rand() * garbage.length)];
  }
  return copy;
}

const scenarios = [
  'canary-flagger-progressing', 'canary-flagger-ab', 'canary-flagger-stepweights', 'canary-flagger-bluegreen',
  'canary-flagger-nginx', 'canary-delivery-alauda', 'canary-delivery-flagger', 'traffic-istio-host',
  'traffic-istio-subset', 'traffic-gatewayapi', 'traffic-nginx', 'traffic-alb', 'traffic-missing', 'traffic-service-switch',
];

describe('fuzzed objects', () => {
  it.each(scenarios)('%s: derivation, routes and plans never throw', name => {
    const docs = loadScenario(name);
    const rand = prng(name.length * 7919);
    for (let round = 0; round < 150; round++) {
      const mutated = docs.map(d => (rand() < 0.5 ? mutate(d, rand) : d));
      const find = (kind: string) => mutated.find(d => (d as { kind?: unknown })?.kind === kind) ?? mutated[0];
      const inputs: CanaryInputs = {
        canary: name.startsWith('canary-delivery') ? find('CanaryDelivery') : find('Canary'),
        canaryEvents: mutated,
        deployments: mutated,
        services: mutated,
        pods: mutated,
        routers: mutated,
      };
      const views = [deriveFlaggerCanaryView(inputs), deriveCanaryDeliveryView(inputs)];
      for (const v of views) expect(JSON.parse(JSON.stringify(v)).kind).toBe(v.kind);
      routesForRollout(find('Rollout'), mutated);
      routesForCanary(inputs.canary, mutated);
      serviceSwitchView(find('Service'), mutated);
      for (const action of ['promote-full', 'pause', 'resume', 'rollback', 'abort'] as const) {
        planCanaryAction(inputs, 'Canary', { action, expected: { phase: 'Progressing' } });
        planCanaryAction(inputs, 'CanaryDelivery', { action });
      }
    }
  });
});
