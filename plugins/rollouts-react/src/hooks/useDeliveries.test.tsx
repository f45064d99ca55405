import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RolloutsClient } from '../api/RolloutsClient';
import { backoffDelay, useDeliveries } from './useDeliveries';
import { sseStream, TestStream } from '../__fixtures__/server';
import * as fx from '../__fixtures__/views';
import { DeliveriesConsole } from '../components/DeliveriesConsole';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE = 'http://portal.test/api/rollouts';
const ENTITY = 'component:default/guestbook';

function world() {
  const streams: TestStream[] = [];
  const lastIds: (string | null)[] = [];
  let listCalls = 0;
  server.use(
    http.get(`${BASE}/entities/:e/deliveries`, () => {
      listCalls += 1;
      return HttpResponse.json({
        deliveries: [fx.pausedManual()],
        clusters: [{ cluster: 'default', state: 'connected' }],
        permissions: { [fx.pausedManual().key]: ['promote', 'abort'] },
      });
    }),
    http.get(`${BASE}/entities/:e/events`, ({ request }) => {
      lastIds.push(request.headers.get('last-event-id'));
      const s = sseStream();
      streams.push(s);
      return s.response;
    }),
    http.get(`${BASE}/entities/:e/deliveries/:c/:k/:ns/:n/history`, () => HttpResponse.json({ entries: [] })),
  );
  return { streams, lastIds, listCalls: () => listCalls };
}

describe('useDeliveries', () => {
  it('loads the list, follows the stream, keeps state when it drops and resumes with Last-Event-ID', async () => {
    const w = world();
    const client = new RolloutsClient({ baseUrl: BASE });
    const { result, unmount } = renderHook(() => useDeliveries(client, ENTITY, { baseDelayMs: 300, maxDelayMs: 300 }));
    await waitFor(() => expect(result.current.connection.state).toBe('live'));
    expect(result.current.deliveries[0].status).toBe('Paused');
    expect(result.current.permissions?.[fx.pausedManual().key]).toEqual(['promote', 'abort']);

    w.streams[0].send({ type: 'upsert', delivery: fx.progressingCanary() }, '5');
    await waitFor(() => expect(result.current.deliveries[0].status).toBe('Progressing'));

    w.streams[0].close();
    await waitFor(() => expect(result.current.connection.state).toBe('reconnecting'));
    expect(result.current.connection.staleSince).toEqual(expect.any(String));
    expect(result.current.deliveries[0].status).toBe('Progressing');

    await waitFor(() => expect(w.streams).toHaveLength(2));
    await waitFor(() => expect(result.current.connection.state).toBe('live'));
    expect(w.lastIds).toEqual([null, '5']);
    expect(w.listCalls()).toBe(1);
    w.streams[1].send({ type: 'delete', key: fx.progressingCanary().key }, '6');
    await waitFor(() => expect(result.current.deliveries).toHaveLength(0));
    unmount();
    w.streams.forEach(s => s.close());
  });

  it('retries the first load with backoff and reports the error', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/entities/:e/deliveries`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({ error: { name: 'Error', message: 'cluster down' } }, { status: 503 })
          : HttpResponse.json({ deliveries: [], clusters: [{ cluster: 'default', state: 'error', error: 'connect ECONNREFUSED' }] });
      }),
      http.get(`${BASE}/entities/:e/events`, () => sseStream().response),
    );
    const client = new RolloutsClient({ baseUrl: BASE });
    const { result, unmount } = renderHook(() => useDeliveries(client, ENTITY, { baseDelayMs: 300, maxDelayMs: 300 }));
    await waitFor(() => expect(result.current.error?.message).toBe('cluster down'));
    await waitFor(() => expect(result.current.loaded).toBe(true));
    expect(result.current.error).toBeUndefined();
    expect(result.current.clusters[0].state).toBe('error');
    unmount();
  });

  it('backs off exponentially with a cap', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 10].map(a => backoffDelay(a, 1000, 30000, mid))).toEqual([1000, 2000, 4000, 8000, 30000]);
  });
});

describe('DeliveriesConsole', () => {
  it('renders live data, sends actions and advances without reload', async () => {
    const w = world();
    let posted: unknown;
    server.use(
      http.post(`${BASE}/entities/:e/deliveries/default/rollouts/default/guestbook/actions`, async ({ request }) => {
        posted = await request.json();
        return HttpResponse.json({ action: 'promote', summary: 'Promoted guestbook', requests: [], noop: false });
      }),
    );
    const client = new RolloutsClient({ baseUrl: BASE });
    const { unmount } = render(<DeliveriesConsole api={client} entityRef={ENTITY} />);
    expect(await screen.findByTestId('step-counter')).toHaveTextContent('Step 2 of 8');
    await waitFor(() => expect(screen.getByTestId('connection-state')).toHaveTextContent('live'));
    await userEvent.click(screen.getByRole('button', { name: /More actions/ }));
    expect(screen.getByRole('menuitem', { name: /^Rollback/ })).toHaveTextContent("You don't have permission to roll back this entity");
    await userEvent.keyboard('{Escape}');
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm promote' }));
    expect(await screen.findByText('Promoted: Promoted guestbook')).toBeInTheDocument();
    expect(posted).toMatchObject({ action: 'promote', expected: { stepIndex: 1 } });
    w.streams[0].send({ type: 'upsert', delivery: fx.progressingCanary() }, '1');
    await waitFor(() => expect(screen.getByTestId('step-counter')).toHaveTextContent('Step 3 of 8'));
    unmount();
    w.streams.forEach(s => s.close());
  });
});
