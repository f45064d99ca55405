/** One server-sent event as read off the wire. */
export interface SseMessage {
  event: string;
  id?: string;
  data: string;
  /** Comment lines (":" …) that came in the same block, heartbeats included. */
  comments: string[];
}

/**
 * A reader of an SSE byte stream: feed it text chunks, it calls `onMessage` once per complete
 * block (blocks end at a blank line; data lines are joined).
 */
export function sseReader(onMessage: (m: SseMessage) => void): (chunk: string) => void {
  let pending = '';
  return chunk => {
    pending += chunk;
    const blocks = pending.split('\n\n');
    pending = blocks.pop() ?? '';
    for (const block of blocks) {
      const m: SseMessage = { event: 'message', data: '', comments: [] };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) m.comments.push(line);
        else if (line.startsWith('event: ')) m.event = line.slice('event: '.length);
        else if (line.startsWith('id: ')) m.id = line.slice('id: '.length);
        else if (line.startsWith('data: ')) m.data += line.slice('data: '.length);
      }
      onMessage(m);
    }
  };
}
