import type { DeliveryAction } from '../model/types';

/** The button label of each action, in Argo Rollouts' words; every surface shows these. @public */
export const actionLabels: Record<DeliveryAction, string> = {
  promote: 'Promote',
  'promote-full': 'Promote full',
  'skip-step': 'Skip step',
  abort: 'Abort',
  retry: 'Retry',
  pause: 'Pause',
  resume: 'Resume',
  rollback: 'Rollback',
  restart: 'Restart',
  'set-image': 'Set image',
  switch: 'Switch',
  'set-weight': 'Set weight',
  'scale-down': 'Scale down old',
  'scale-up': 'Scale up old',
  discard: 'Discard',
};
