import { StoreError } from '../store/types';

export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: unknown;
  code: number;
}

/** A Kubernetes `Status` object as the API server sends it for errors. */
export function statusObject(
  code: number,
  reason: string,
  message: string,
  details?: unknown,
): StatusObject {
  const s: StatusObject = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason,
    code,
  };
  if (details !== undefined) s.details = details;
  return s;
}

export function statusFromError(e: unknown): StatusObject {
  if (e instanceof StoreError)
    return statusObject(e.code, e.reason, e.message, e.details);
  const err = e as { code?: unknown; reason?: unknown; message?: unknown };
  if (err && typeof err.code === 'number' && typeof err.reason === 'string') {
    return statusObject(err.code, err.reason, String(err.message));
  }
  return statusObject(
    500,
    'InternalError',
    `Internal error occurred: ${String(err?.message ?? e)}`,
  );
}
