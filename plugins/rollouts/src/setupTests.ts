/* Test setup: jest-dom matchers, and the web platform classes msw and fetch streaming need under jsdom. */
import '@testing-library/jest-dom';

/* eslint-disable @typescript-eslint/no-require-imports */
const { TextDecoder, TextEncoder } = require('node:util');
const { ReadableStream, TransformStream, WritableStream } = require('node:stream/web');
const { BroadcastChannel, MessageChannel, MessagePort } = require('node:worker_threads');
const { Blob, File } = require('node:buffer');

const define = (values: Record<string, unknown>) => {
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) Object.defineProperty(globalThis, k, { value: v, writable: true, configurable: true });
  }
};
define({ TextDecoder, TextEncoder, ReadableStream, TransformStream, WritableStream, BroadcastChannel, MessageChannel, MessagePort, Blob, File });

const undici = require('undici');

define({
  fetch: undici.fetch,
  Headers: undici.Headers,
  Request: undici.Request,
  Response: undici.Response,
  FormData: undici.FormData,
});

// Rendering whole panels under jsdom on a busy 2-core CI machine can exceed jest's 5 s default;
// what a test asserts decides, not the wall clock (speed targets live in the benchmarks).
jest.setTimeout(30_000);
