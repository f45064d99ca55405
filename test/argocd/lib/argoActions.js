'use strict';
/*
 * Argo CD 3.5's built-in Rollout actions (resource_customizations/argoproj.io/Rollout/actions):
 * which ones its Lua discovery offers on an object, and what each does to it, as merge patches of
 * the spec and of the status (Argo CD writes status fields through the status subresource).
 */

function isPaused(obj) {
  const conds = obj.status && obj.status.pauseConditions;
  if (Array.isArray(conds) && conds.length > 0) return true;
  return !!(obj.spec && obj.spec.paused);
}

/** The actions Argo CD lists for a Rollout, with `disabled` as its discovery.lua decides. */
function discoverRolloutActions(obj) {
  const status = obj.status || {};
  const steps = obj.spec && obj.spec.strategy && obj.spec.strategy.canary && obj.spec.strategy.canary.steps;
  const fullyPromoted = status.currentPodHash === status.stableRS;
  const actions = {
    restart: false,
    resume: !isPaused(obj),
    pause: fullyPromoted || (obj.spec && obj.spec.paused === true),
    abort: fullyPromoted || !!status.abort,
    retry: fullyPromoted || !status.abort,
    'promote-full': fullyPromoted,
    'skip-current-step': !Array.isArray(steps) || status.currentStepIndex === steps.length,
  };
  return Object.entries(actions)
    .map(([name, disabled]) => ({ name, disabled: !!disabled }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** What one action does, as { spec, status } merge patches; undefined for an unknown action. */
function rolloutActionPatches(action, obj) {
  const steps = obj.spec && obj.spec.strategy && obj.spec.strategy.canary && obj.spec.strategy.canary.steps;
  const status = obj.status || {};
  switch (action) {
    case 'abort':
      return { status: { abort: true } };
    case 'retry':
      return status.abort ? { status: { abort: null } } : {};
    case 'promote-full':
      return {
        status: {
          abort: null,
          ...(Array.isArray(steps) ? { currentStepIndex: steps.length } : {}),
          pauseConditions: null,
          promoteFull: true,
        },
      };
    case 'pause':
      return { spec: { paused: true } };
    case 'resume': {
      const patch = {};
      if (Array.isArray(status.pauseConditions) && status.pauseConditions.length) patch.status = { pauseConditions: null };
      if (obj.spec && obj.spec.paused) patch.spec = { paused: false };
      return patch;
    }
    case 'skip-current-step':
      if (!Array.isArray(steps) || !(status.currentStepIndex < steps.length)) return {};
      return {
        status: {
          currentStepIndex: (status.currentStepIndex || 0) + 1,
          ...(Array.isArray(status.pauseConditions) && status.pauseConditions.length ? { pauseConditions: null } : {}),
        },
      };
    case 'restart':
      return {
        spec: { restartAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
      };
    default:
      return undefined;
  }
}

module.exports = { discoverRolloutActions, rolloutActionPatches };
