import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { derivePlainView } from '@rollscope/rollouts-common';
import { ActionBar } from './ActionBar';

const deployment = (name: string, track: string, image: string, created: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop', creationTimestamp: created },
  spec: { replicas: 2, template: { metadata: { labels: { app: 'web', track } }, spec: { containers: [{ name: 'web', image }] } } },
  status: { readyReplicas: 2 },
});
const service = (name: string, track: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { selector: { app: 'web', track } } });

function weightedRoute() {
  return derivePlainView('HTTPRoute', {
    router: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web', namespace: 'shop', resourceVersion: '3', annotations: { 'rollscope.io/steps': '10,50,100' } },
      spec: { rules: [{ backendRefs: [{ name: 'web-stable', weight: 90 }, { name: 'web-canary', weight: 10 }] }] },
    },
    services: [service('web-stable', 'stable'), service('web-canary', 'canary')],
    workloads: [deployment('web-stable', 'stable', 'web:1', '2026-01-01T00:00:00Z'), deployment('web-canary', 'canary', 'web:2', '2026-01-01T01:00:00Z')],
  })!;
}

describe('ActionBar for a release done by hand', () => {
  it('offers the release\'s own actions only, the next planned step first', async () => {
    render(<ActionBar delivery={weightedRoute()} onAction={jest.fn()} />);
    expect(screen.getByRole('button', { name: 'Promote' })).toHaveAttribute('data-primary', 'true');
    await userEvent.click(screen.getByRole('button', { name: /More actions/ }));
    expect(screen.getAllByRole('menuitem').map(m => m.getAttribute('data-action'))).toEqual(['rollback', 'switch', 'set-weight', 'scale-down', 'scale-up']);
    expect(screen.queryByTestId('not-offered')).toBeNull();
  });

  it('sends the chosen weight and the routing seen', async () => {
    const onAction = jest.fn().mockResolvedValue({ action: 'set-weight', summary: 'ok', requests: [], noop: false });
    render(<ActionBar delivery={weightedRoute()} onAction={onAction} />);
    await userEvent.click(screen.getByRole('button', { name: /More actions/ }));
    await userEvent.click(screen.getByRole('menuitem', { name: /^Set weight/ }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Weight' }), '50');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm set weight' }));
    expect(onAction).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'set-weight', weight: 50, expected: expect.objectContaining({ routing: 'web-stable=90,web-canary=10' }) }),
    );
  });
});
