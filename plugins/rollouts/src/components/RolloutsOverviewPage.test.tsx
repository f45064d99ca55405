import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { DeliveryView } from '@rollscope/rollouts-common';
import type { RolloutsApi } from '@rollscope/rollouts-react';
import { rolloutsApiRef } from '../api';
import { RolloutsOverviewPage } from './RolloutsOverviewPage';

// The first render loads Backstage's table; a shared CI machine needs more than 5 s.
jest.setTimeout(30_000);

const delivery = (name: string, status: DeliveryView['status'], cluster: string, extra: Partial<DeliveryView> = {}) =>
  ({
    key: `${cluster}/Rollout/shop/${name}`,
    uid: name,
    kind: 'Rollout',
    cluster,
    namespace: 'shop',
    name,
    status,
    phase: status,
    message: '',
    strategy: 'Canary',
    steps: [{ index: 0, kind: 'setWeight', text: 'Set weight to 20%', state: 'current' }, { index: 1, kind: 'pause', text: 'Pause', state: 'pending' }],
    currentStepIndex: 0,
    aborted: false,
    traffic: { desired: [], actual: [{ role: 'stable', percent: 80 }, { role: 'canary', percent: 20 }], routed: true, routers: [], maxTrafficWeight: 100, notes: [] },
    actions: [],
    ...extra,
  }) as unknown as DeliveryView;

function fakeApi(): RolloutsApi {
  return {
    listDeliveries: jest.fn(),
    getDelivery: jest.fn(),
    getHistory: jest.fn(),
    runAction: jest.fn(),
    streamEvents: jest.fn(),
    listAllDeliveries: jest.fn(async () => ({
      deliveries: [
        delivery('healthy-one', 'Healthy', 'eu'),
        delivery('broken', 'Degraded', 'us'),
        delivery('gate', 'Paused', 'eu', { pause: { reason: 'CanaryPauseStep', message: 'Paused until promoted', manual: true } }),
        delivery('moving', 'Progressing', 'us'),
      ],
      clusters: [],
      entities: {
        'eu/Rollout/shop/gate': [{ entityRef: 'component:default/catalog', owner: 'group:default/team-shop' }],
        'us/Rollout/shop/broken': [{ entityRef: 'component:default/payments', owner: 'group:default/team-pay' }],
        'eu/Rollout/shop/healthy-one': [{ entityRef: 'component:default/docs', owner: 'group:default/team-shop' }],
        'us/Rollout/shop/moving': [{ entityRef: 'component:default/search', owner: 'group:default/team-pay' }],
      },
    })),
    streamAllEvents: jest.fn(() => new Promise<void>(() => {})),
  } as never;
}

const names = () =>
  screen
    .getAllByTestId('overview-state')
    .map(cell => cell.closest('tr')!)
    .map(row => within(row).getByRole('link', { name: /^shop\// }).textContent);

describe('RolloutsOverviewPage', () => {
  it('lists every delivery the user can see, waiting for a person first, with links to the entity tab', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[rolloutsApiRef, fakeApi()]]}>
        <RolloutsOverviewPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    await waitFor(() => expect(screen.getAllByTestId('overview-state')).toHaveLength(4));
    expect(names()).toEqual(['shop/gate', 'shop/broken', 'shop/moving', 'shop/healthy-one']);
    expect(screen.getAllByTestId('overview-state')[0]).toHaveTextContent('Waiting for a person');
    expect(screen.getByRole('link', { name: 'shop/gate' })).toHaveAttribute('href', '/catalog/default/component/catalog/rollouts');
    expect(screen.getByText('Deliveries (4 of 4)')).toBeInTheDocument();
  });

  it('filters by state, owner and cluster', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[rolloutsApiRef, fakeApi()]]}>
        <RolloutsOverviewPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    await waitFor(() => expect(screen.getAllByTestId('overview-state')).toHaveLength(4));
    await userEvent.click(screen.getByRole('button', { name: 'Degraded (1)' }));
    expect(names()).toEqual(['shop/broken']);
    await userEvent.click(screen.getByRole('button', { name: 'Degraded (1)' }));
    await userEvent.click(screen.getByRole('button', { name: /Owner/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'team-shop' }));
    expect(names()).toEqual(['shop/gate', 'shop/healthy-one']);
    await userEvent.click(screen.getByRole('button', { name: /Cluster/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'eu' }));
    expect(screen.getByText('Deliveries (2 of 4)')).toBeInTheDocument();
  });
});
