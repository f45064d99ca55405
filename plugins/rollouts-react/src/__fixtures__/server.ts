/* msw helpers for client and hook tests: an SSE response the test can push events into. */
import type { DeliveryStreamEvent } from '@rollscope/rollouts-common';

export interface TestStream {
  response: Response;
  send(event: DeliveryStreamEvent, id?: string): void;
  comment(text: string): void;
  close(): void;
}

export function sseStream(): TestStream {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  let closed = false;
  return {
    response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    send(event, id) {
      if (closed) return;
      controller.enqueue(encoder.encode(`event: ${event.type}\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(event)}\n\n`));
    },
    comment(text) {
      if (!closed) controller.enqueue(encoder.encode(`: ${text}\n\n`));
    },
    close() {
      if (closed) return;
      closed = true;
      controller.close();
    },
  };
}
