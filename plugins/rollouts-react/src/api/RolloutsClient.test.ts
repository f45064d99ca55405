import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { DeliveryStreamEvent } from '@rollscope/rollouts-common';
import { RolloutsClient } from './RolloutsClient';
import { RolloutsApiError } from './errors';
import { sseStream } from '../__fixtures__/server';
import * as fx from '../__fixtures__/views';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE = 'http://backstage.test/api/rollouts';
const ENTITY = 'component:default/guestbook';
const ref = { cluster: 'default', kind: 'Rollout' as const, namespace: 'default', name: 'guestbook' };

describe('RolloutsClient', () => {
  it('lists deliveries with the headers the host provides', async () => {
    let auth: string | null = null;
    server.use(
      http.get(`${BASE}/entities/component%3Adefault%2Fguestbook/deliveries`, ({ request }) => {
        auth = request.headers.get('authorization');
        return HttpResponse.json({ deliveries: [fx.progressingCanary()], clusters: [] });
      }),
    );
    const client = new RolloutsClient({ baseUrl: async () => BASE, headers: () => ({ Authorization: 'Bearer t' }) });
    const res = await client.listDeliveries(ENTITY);
    expect(res.deliveries[0].name).toBe('guestbook');
    expect(auth).toBe('Bearer t');
  });

  it('uses the fetch it is given (Backstage fetchApi)', async () => {
    server.use(http.get(`${BASE}/entities/:e/deliveries/default/rollouts/default/guestbook/history`, () => HttpResponse.json({ entries: [] })));
    const fetchSpy = jest.fn((input: string, init?: RequestInit) => fetch(input, init));
    const client = new RolloutsClient({ baseUrl: BASE, fetch: fetchSpy });
    await expect(client.getHistory(ENTITY, ref)).resolves.toEqual({ entries: [] });
    expect(fetchSpy).toHaveBeenCalledWith(`${BASE}/entities/component%3Adefault%2Fguestbook/deliveries/default/rollouts/default/guestbook/history`, expect.anything());
  });

  it('posts actions and turns Backstage error bodies into RolloutsApiError', async () => {
    let body: unknown;
    server.use(
      http.post(`${BASE}/entities/:e/deliveries/default/rollouts/default/guestbook/actions`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(
          { error: { name: 'ConflictError', message: 'The rollout is no longer at step 1' }, response: { statusCode: 409 } },
          { status: 409 },
        );
      }),
    );
    const client = new RolloutsClient({ baseUrl: BASE });
    const err = await client.runAction(ENTITY, ref, { action: 'promote', expected: { stepIndex: 1 } }).catch(e => e);
    expect(err).toBeInstanceOf(RolloutsApiError);
    expect(err.status).toBe(409);
    expect(err.message).toBe('The rollout is no longer at step 1');
    expect(body).toEqual({ action: 'promote', expected: { stepIndex: 1 } });
  });

  it('streams SSE over fetch with auth headers and Last-Event-ID', async () => {
    const stream = sseStream();
    let headers: Headers | undefined;
    server.use(
      http.get(`${BASE}/entities/:e/events`, ({ request }) => {
        headers = request.headers;
        return stream.response;
      }),
    );
    const client = new RolloutsClient({ baseUrl: BASE, headers: { Authorization: 'Bearer x' } });
    const events: [DeliveryStreamEvent, string | undefined][] = [];
    const done = client.streamEvents(ENTITY, {
      lastEventId: '41',
      onEvent: (e, id) => events.push([e, id]),
    });
    stream.comment('ping');
    stream.send({ type: 'delete', key: 'k1' }, '42');
    stream.send({ type: 'cluster', health: { cluster: 'default', state: 'connected' } }, '43');
    stream.close();
    await done;
    expect(headers?.get('authorization')).toBe('Bearer x');
    expect(headers?.get('last-event-id')).toBe('41');
    expect(events).toEqual([
      [{ type: 'delete', key: 'k1' }, '42'],
      [{ type: 'cluster', health: { cluster: 'default', state: 'connected' } }, '43'],
    ]);
  });

  it('gives up on a stream that went silent (no heartbeat)', async () => {
    const stream = sseStream();
    server.use(http.get(`${BASE}/entities/:e/events`, () => stream.response));
    const client = new RolloutsClient({ baseUrl: BASE });
    const onEvent = jest.fn();
    const done = client.streamEvents(ENTITY, { onEvent, idleTimeoutMs: 150 });
    stream.comment('ping');
    await expect(done).rejects.toThrow('The event stream was silent for 0s');
    stream.close();
  });

  it('rejects a stream the server refuses', async () => {
    server.use(http.get(`${BASE}/entities/:e/events`, () => new HttpResponse('nope', { status: 401 })));
    const client = new RolloutsClient({ baseUrl: BASE });
    await expect(client.streamEvents(ENTITY, { onEvent: jest.fn() })).rejects.toMatchObject({ status: 401, message: 'nope' });
  });
});
