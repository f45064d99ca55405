/** An error answer from the Rollscope API, with its HTTP status and the server's message. @public */
export class RolloutsApiError extends Error {
  readonly status: number;
  readonly body?: unknown;
  constructor(status: number, message: string, body?: unknown) {
    super(message);
    this.name = 'RolloutsApiError';
    this.status = status;
    this.body = body;
  }
}

/** Reads a Backstage-style error body ({ error: { name, message } }) or plain text into an error. */
export async function errorFromResponse(res: Response): Promise<RolloutsApiError> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    // ignore, fall back to the status text
  }
  let message = '';
  let body: unknown = text;
  try {
    body = JSON.parse(text);
    const e = (body as { error?: { message?: unknown } })?.error;
    if (e && typeof e.message === 'string') message = e.message;
  } catch {
    message = text.slice(0, 300);
  }
  if (!message) message = `${res.status} ${res.statusText || 'request failed'}`.trim();
  return new RolloutsApiError(res.status, message, body);
}
