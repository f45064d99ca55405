import type { ReactElement } from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import type { DeliveryListResponse, DeliveryView } from '@rollscope/rollouts-common';
import type { RolloutsApi } from '@rollscope/rollouts-react';
import { rolloutsApiRef } from '../api';
import { EntityRolloutsContent } from './EntityRolloutsContent';
import { EntityRolloutsCard } from './EntityRolloutsCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'guestbook', namespace: 'default', annotations: { 'backstage.io/kubernetes-id': 'guestbook' } },
};

const view = {
  key: 'default/Rollout/default/guestbook',
  uid: 'u',
  kind: 'Rollout',
  apiVersion: 'argoproj.io/v1alpha1',
  cluster: 'default',
  namespace: 'default',
  name: 'guestbook',
  labels: {},
  status: 'Paused',
  phase: 'Paused',
  message: 'CanaryPauseStep',
  strategy: 'Canary',
  revision: 2,
  steps: [
    { index: 0, kind: 'setWeight', text: 'Set weight to 20%', state: 'done', weightPercent: 20 },
    { index: 1, kind: 'pause', text: 'Pause until promoted', state: 'current' },
  ],
  currentStepIndex: 1,
  pause: { reason: 'CanaryPauseStep', message: 'Paused at step 2 until promoted', manual: true },
  aborted: false,
  traffic: { desired: [], actual: [], routed: false, routers: [], maxTrafficWeight: 100, notes: [] },
  images: [{ image: 'argoproj/rollouts-demo:yellow', tags: ['canary'] }],
  replicas: { desired: 1, current: 1, updated: 1, ready: 1, available: 1 },
  revisions: [],
  analysisRuns: [],
  experiments: [],
  releases: [],
  conditions: [],
  actions: [
    { action: 'promote', label: 'Promote', enabled: true, confirmation: 'Promote to the next step.', permission: 'promote', dangerous: false },
    { action: 'abort', label: 'Abort', enabled: true, confirmation: 'Abort.', permission: 'abort', dangerous: true },
  ],
  warnings: [],
} as unknown as DeliveryView;

function fakeApi(list: Partial<DeliveryListResponse> | Error): RolloutsApi & { runAction: jest.Mock } {
  return {
    listDeliveries: jest.fn(async () => {
      if (list instanceof Error) throw list;
      return { deliveries: [view], clusters: [], ...list };
    }),
    getDelivery: jest.fn(),
    getHistory: jest.fn(async () => ({ entries: [] })),
    runAction: jest.fn(async () => ({ action: 'promote', summary: 'Promoted', requests: [], noop: false })),
    streamEvents: jest.fn(() => new Promise<void>(() => {})),
  } as never;
}

const renderWith = (api: RolloutsApi, el: ReactElement) =>
  renderInTestApp(
    <TestApiProvider apis={[[rolloutsApiRef, api]]}>
      <EntityProvider entity={entity}>{el}</EntityProvider>
    </TestApiProvider>,
  );

// The first render loads Backstage's core components; a shared CI machine needs more than 5 s.
jest.setTimeout(30_000);

describe('EntityRolloutsContent', () => {
  it('shows the delivery and lets a permitted user promote', async () => {
    const api = fakeApi({ permissions: { [view.key]: ['promote', 'abort'] } });
    await renderWith(api, <EntityRolloutsContent />);
    expect(await screen.findByText('guestbook')).toBeInTheDocument();
    expect(api.listDeliveries).toHaveBeenCalledWith('component:default/guestbook', expect.anything());
    expect(screen.getAllByRole('tab').map(t => t.textContent)).toEqual(['Steps', 'Live traffic', 'Revisions', 'Analysis', 'History']);
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm promote' }));
    await waitFor(() => expect(api.runAction).toHaveBeenCalled());
    expect(api.runAction.mock.calls[0][1]).toEqual({ cluster: 'default', kind: 'Rollout', namespace: 'default', name: 'guestbook' });
  });

  it('looks like Backstage: an InfoCard per delivery with Backstage status icons', async () => {
    await renderWith(fakeApi({ permissions: { [view.key]: ['promote'] } }), <EntityRolloutsContent />);
    const title = await screen.findByRole('heading', { name: 'guestbook' });
    const card = title.closest('.MuiCard-root');
    expect(card).not.toBeNull();
    expect(card).toHaveTextContent('Rollout · default · cluster default');
    expect(card!.querySelector('[aria-label="Status warning"]')).not.toBeNull();
  });

  it('tells a viewer in one line that they may look but not act', async () => {
    await renderWith(fakeApi({ permissions: { [view.key]: [] } }), <EntityRolloutsContent />);
    expect(await screen.findByTestId('view-only')).toHaveTextContent('You can follow this delivery but not act on it');
    expect(screen.queryByRole('button', { name: 'Promote' })).toBeNull();
  });

  it('shows a warning panel when loading fails', async () => {
    await renderWith(fakeApi(new Error('backend unreachable')), <EntityRolloutsContent />);
    expect(await screen.findByText(/Could not load deliveries/)).toBeInTheDocument();
  });
});

describe('EntityRolloutsCard', () => {
  it('lists deliveries in an info card', async () => {
    await renderWith(fakeApi({}), <EntityRolloutsCard />);
    expect(await screen.findByText('Rollouts')).toBeInTheDocument();
    expect(await screen.findByRole('article', { name: 'Rollout default/guestbook' })).toBeInTheDocument();
  });

  it('links to the Rollouts tab when the entity page is mounted', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[rolloutsApiRef, fakeApi({})]]}>
        <EntityProvider entity={entity}>
          <EntityRolloutsCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByRole('link', { name: /Open the Rollouts tab/ })).toHaveAttribute(
      'href',
      '/catalog/default/component/guestbook/rollouts',
    );
  });
});
