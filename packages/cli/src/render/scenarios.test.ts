/*
 * Rendering of scenarios the upstream goldens lack (rollouts-common's __fixtures__).
 */
import path from 'node:path';
import { deriveRolloutView } from '@rollscope/rollouts-common';
import { loadDir } from '../sources/files';
import { repoRoot, stripTrailing } from '../__testUtils__/fixtures';
import { renderRollout } from './rollout';

const scenarios = path.join(repoRoot, 'plugins/rollouts-common/src/__fixtures__');
const now = new Date('2026-11-24T05:00:20Z');

function render(dir: string): string {
  const set = loadDir(path.join(scenarios, dir)).objects;
  return stripTrailing(renderRollout(deriveRolloutView({ ...set, rollout: set.rollouts[0], now }), { noColor: true, now }));
}

it('maxTrafficWeight 1000 with traefik: raw weights as kubectl prints them', () => {
  expect(render('canary-traefik-maxweight')).toBe(`Name:            checkout
Namespace:       shop
Status:          ॥ Paused
Message:         CanaryPauseStep
Strategy:        Canary
  Step:          2/11
  SetWeight:     100
  ActualWeight:  100
Images:          registry.example.com/checkout:1.9 (stable)
                 registry.example.com/checkout:2.0 (canary)
Replicas:
  Desired:       4
  Current:       5
  Updated:       1
  Ready:         5
  Available:     5

NAME                                 KIND        STATUS              AGE    INFO
⟳ checkout                           Rollout     ॥ Paused            3d19h
├──# revision:4
│  └──⧉ checkout-6d4f8c7b9           ReplicaSet  ✔ Healthy           5m20s  canary
│     └──□ checkout-6d4f8c7b9-abcde  Pod         ✔ Running           5m10s  ready:1/1,restarts:2
└──# revision:3
   └──⧉ checkout-5c9b7d6f4           ReplicaSet  ✔ Healthy           3d19h  stable
      └──□ checkout-5c9b7d6f4-crash  Pod         ✖ CrashLoopBackOff  3d19h  ready:0/1,restarts:5
`);
});

it('blue/green with a pre-promotion analysis run', () => {
  const text = render('bluegreen-analysis');
  expect(text).toContain('Images:          registry.example.com/payments:1 (stable, active)\n                 registry.example.com/payments:2 (preview)\n');
  expect(text).toMatch(/│ {2}└──α payments-bbbbbbbbb-2-pre\s+AnalysisRun\s+✔ Successful\s+\S+\s+✔ 2\n/);
});
