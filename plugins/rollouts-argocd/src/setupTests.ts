/* Test setup: jest-dom matchers, and the web platform classes fetch streaming needs under jsdom. */
import '@testing-library/jest-dom';

/* eslint-disable @typescript-eslint/no-require-imports */
const { TextDecoder, TextEncoder } = require('node:util');
const { ReadableStream } = require('node:stream/web');

for (const [k, v] of Object.entries({
  TextDecoder,
  TextEncoder,
  ReadableStream,
})) {
  if (!(globalThis as any)[k])
    Object.defineProperty(globalThis, k, {
      value: v,
      writable: true,
      configurable: true,
    });
}

// Rendering whole panels under jsdom on a busy 2-core CI machine can exceed jest's 5 s default;
// what a test asserts decides, not the wall clock (speed targets live in the benchmarks).
jest.setTimeout(30_000);
