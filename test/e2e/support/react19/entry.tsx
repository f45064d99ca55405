/* Browser entry for the React 19 check: rollouts-react components rendered by the React found here. */
import React from 'react';
import { createRoot } from 'react-dom/client';
import { DeliveryPanel, RollscopeRoot, ConnectionStatus } from '../../../../plugins/rollouts-react/src';
import * as fx from '../../../../plugins/rollouts-react/src/__fixtures__/views';

const w = window as any;
w.rollscopeCheck = {
  reactVersion: React.version,
  render(name: keyof typeof fx, options: { resumeInSeconds?: number } = {}) {
    const make = fx[name] as () => any;
    const view = make();
    if (options.resumeInSeconds !== undefined && view.pause) {
      view.pause.resumesAt = new Date(Date.now() + options.resumeInSeconds * 1000).toISOString();
    }
    w.actions = [];
    const root = createRoot(document.getElementById('root')!);
    root.render(
      <RollscopeRoot>
        <ConnectionStatus connection={{ state: 'reconnecting', staleSince: new Date(Date.now() - 65000).toISOString(), attempts: 2 }} clusters={[{ cluster: 'edge', state: 'error', error: 'connect ECONNREFUSED' }]} />
        <DeliveryPanel
          delivery={view}
          onAction={async req => {
            w.actions.push(req);
            if (req.action === 'abort') throw Object.assign(new Error('The rollout moved on'), { status: 409 });
            return { action: req.action, summary: `${req.action} done`, requests: [], noop: false };
          }}
          history={[]}
        />
      </RollscopeRoot>,
    );
  },
};
