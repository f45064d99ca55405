/** Reading request bodies and writing JSON answers and `Status` errors, shared by every handler. */
import http from 'node:http';
import yaml from 'js-yaml';
import { StoreError } from '../store/types';
import { statusObject } from './status';

const MAX_BODY = 3 * 1024 * 1024;

export function send(res: http.ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

export function sendStatus(
  res: http.ServerResponse,
  s: ReturnType<typeof statusObject>,
) {
  send(res, s.code, s);
}

export interface RequestBody {
  raw: string;
  bytes: Buffer;
  contentType: string;
}

export async function readBody(
  req: http.IncomingMessage,
): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY)
      throw new StoreError(
        413,
        'RequestEntityTooLarge',
        'Request entity too large',
      );
    chunks.push(c as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  return {
    bytes,
    raw: bytes.toString('utf8'),
    contentType: String(req.headers['content-type'] ?? 'application/json')
      .split(';')[0]
      .trim()
      .toLowerCase(),
  };
}

/** A JSON or YAML object body, or a 400/415 a person can act on. */
export function parseObjectBody(raw: string, contentType: string): any {
  if (contentType.includes('protobuf') || contentType.includes('cbor')) {
    throw new StoreError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    );
  }
  if (!raw.trim())
    throw new StoreError(
      400,
      'BadRequest',
      'the body of the request was empty',
    );
  try {
    if (contentType.includes('yaml')) return yaml.load(raw);
    return JSON.parse(raw);
  } catch (e) {
    throw new StoreError(
      400,
      'BadRequest',
      `the object provided is unrecognized or malformed: ${(e as Error).message}`,
    );
  }
}

/** The error the API server answers for a path it does not serve. */
export const notFoundPath = () =>
  new StoreError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {
      causes: [
        { reason: 'UnexpectedServerResponse', message: '404 page not found' },
      ],
    },
  );

export const methodNotAllowed = () =>
  new StoreError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource`,
  );
