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
