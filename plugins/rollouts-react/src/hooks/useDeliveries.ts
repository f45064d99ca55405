import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeliveryStreamEvent } from '@rollscope/rollouts-common';
import type { RolloutsApi } from '../api/RolloutsApi';
import { applyStreamEvent, initialDeliveriesState, stateFromList } from './applyStreamEvent';
import type { ConnectionInfo, DeliveriesState } from './types';

/** Reconnect delay after `attempt` failures: 1 s, 2 s, 4 s … capped, with jitter. @public */
export function backoffDelay(attempt: number, baseMs = 1000, maxMs = 30000, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exp * (0.8 + 0.4 * random()));
}

/** @public */
export interface UseDeliveriesOptions {
  /** Don't open the event stream (list only). */
  noStream?: boolean;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** @public */
export interface UseDeliveriesResult extends DeliveriesState {
  connection: ConnectionInfo;
  /** The first load failed and nothing is shown yet. */
  error?: Error;
  /** Loads the list again. */
  refresh(): void;
}

/**
 * The deliveries of one entity: GET the list, then follow the SSE stream (on fetch, so auth headers
 * go along), applying events with {@link applyStreamEvent}. When the stream drops, the last state
 * stays with its age and the hook reconnects with backoff and Last-Event-ID.
 * @public
 */
export function useDeliveries(api: RolloutsApi, entityRef: string, options: UseDeliveriesOptions = {}): UseDeliveriesResult {
  const [state, setState] = useState<DeliveriesState>(initialDeliveriesState);
  const [connection, setConnection] = useState<ConnectionInfo>({ state: 'connecting', attempts: 0 });
  const [error, setError] = useState<Error | undefined>();
  const [generation, setGeneration] = useState(0);
  const optsRef = useRef(options);
  optsRef.current = options;

  useEffect(() => {
    const ctrl = new AbortController();
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Connection bookkeeping, shared by the loop and the stream callbacks.
    const conn: { lastEventId?: string; attempts: number; serverRetry?: number; staleSince?: string; loaded: boolean } = {
      attempts: 0,
      loaded: false,
    };
    setState(initialDeliveriesState);
    setConnection({ state: 'connecting', attempts: 0 });
    setError(undefined);

    const sleep = (ms: number) =>
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, ms);
      });

    const markDown = (message: string) => {
      conn.staleSince = conn.staleSince ?? new Date().toISOString();
      setConnection({
        state: conn.loaded ? 'reconnecting' : 'connecting',
        staleSince: conn.loaded ? conn.staleSince : undefined,
        error: message,
        attempts: conn.attempts,
      });
    };

    const run = async () => {
      while (!stopped) {
        try {
          if (!conn.loaded) {
            const list = await api.listDeliveries(entityRef, { signal: ctrl.signal });
            if (stopped) return;
            setState(stateFromList(list));
            setError(undefined);
            conn.loaded = true;
            if (optsRef.current.noStream) {
              setConnection({ state: 'live', attempts: 0 });
              return;
            }
          }
          await api.streamEvents(entityRef, {
            signal: ctrl.signal,
            lastEventId: conn.lastEventId,
            onOpen: () => {
              conn.attempts = 0;
              conn.staleSince = undefined;
              setConnection({ state: 'live', attempts: 0 });
            },
            onRetry: ms => {
              conn.serverRetry = ms;
            },
            onEvent: (event: DeliveryStreamEvent, id?: string) => {
              if (id !== undefined) conn.lastEventId = id;
              setState(s => applyStreamEvent(s, event));
            },
          });
          if (stopped) return;
          markDown('The event stream ended');
        } catch (e) {
          if (stopped) return;
          const err = e instanceof Error ? e : new Error(String(e));
          if (!conn.loaded) setError(err);
          markDown(err.message);
        }
        const o = optsRef.current;
        const delay =
          conn.attempts === 0 && conn.serverRetry !== undefined
            ? conn.serverRetry
            : backoffDelay(conn.attempts, o.baseDelayMs, o.maxDelayMs);
        conn.attempts += 1;
        await sleep(delay);
      }
    };
    run();
    return () => {
      stopped = true;
      ctrl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api, entityRef, generation]);

  const refresh = useCallback(() => setGeneration(g => g + 1), []);
  return { ...state, connection, error, refresh };
}
