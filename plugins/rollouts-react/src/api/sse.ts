/** One parsed Server-Sent Events message. @public */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
  retry?: number;
}

/**
 * Incremental SSE parser (the WHATWG event-stream format): feed text chunks, get complete messages.
 * Comments (`: ping`) are skipped; `id:` persists as the last event id.
 * @public
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private retry: number | undefined;
  private sawField = false;
  /** Last event id seen, for Last-Event-ID on reconnect. */
  lastEventId: string | undefined;

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    // Lines end with \n, \r\n or \r.
    for (let idx = this.buffer.search(/\r\n|\r|\n/); idx >= 0; idx = this.buffer.search(/\r\n|\r|\n/)) {
      const line = this.buffer.slice(0, idx);
      const sepLen = this.buffer.startsWith('\r\n', idx) ? 2 : 1;
      if (this.buffer[idx] === '\r' && idx + 1 === this.buffer.length) break; // wait for a possible \n
      this.buffer = this.buffer.slice(idx + sepLen);
      const msg = this.line(line);
      if (msg) out.push(msg);
    }
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') {
      if (!this.sawField) return undefined;
      const msg: SseMessage = { event: this.event || 'message', data: this.data.join('\n'), id: this.id, retry: this.retry };
      this.data = [];
      this.event = '';
      this.retry = undefined;
      this.sawField = false;
      return msg;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    this.sawField = true;
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) {
      this.id = value;
      this.lastEventId = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return undefined;
  }
}
