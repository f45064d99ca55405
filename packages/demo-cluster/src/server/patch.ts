/** Patch application: JSON merge patch (RFC 7386) and JSON patch (RFC 6902). */

export class PatchError extends Error {
  constructor(
    message: string,
    public code = 400,
    public reason = 'BadRequest',
  ) {
    super(message);
  }
}

const isObj = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** sets a key as an own data property, so "__proto__" from untrusted JSON stays plain data */
function setKey(target: Record<string, any>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export function mergePatch(target: unknown, patch: unknown): any {
  if (!isObj(patch)) return patch;
  const out: Record<string, any> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else
      setKey(
        out,
        k,
        mergePatch(
          Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined,
          v,
        ),
      );
  }
  return out;
}

function unescape(token: string) {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(path: unknown): string[] {
  if (typeof path !== 'string') throw new PatchError('path must be a string');
  if (path === '') return [];
  if (!path.startsWith('/'))
    throw new PatchError(`invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map(unescape);
}

function arrayIndex(arr: unknown[], token: string, forAdd: boolean): number {
  if (forAdd && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token))
    throw new PatchError(`invalid array index "${token}"`);
  const i = Number(token);
  if (i > arr.length || (!forAdd && i === arr.length)) {
    throw new PatchError(`array index ${i} out of bounds`);
  }
  return i;
}

function getAt(doc: any, tokens: string[]): any {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)];
    else if (isObj(cur) && Object.prototype.hasOwnProperty.call(cur, t))
      cur = cur[t];
    else
      throw new PatchError(
        `path "/${tokens.join('/')}" does not exist`,
        422,
        'Invalid',
      );
  }
  return cur;
}

function parentOf(doc: any, tokens: string[]) {
  const parent = getAt(doc, tokens.slice(0, -1));
  if (!Array.isArray(parent) && !isObj(parent)) {
    throw new PatchError(
      `path "/${tokens.join('/')}" has no container`,
      422,
      'Invalid',
    );
  }
  return parent;
}

function add(doc: any, tokens: string[], value: any): any {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent))
    parent.splice(arrayIndex(parent, last, true), 0, value);
  else setKey(parent, last, value);
  return doc;
}

function remove(doc: any, tokens: string[]): any {
  if (tokens.length === 0) return undefined;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
  else {
    if (!Object.prototype.hasOwnProperty.call(parent, last)) {
      throw new PatchError(
        `path "/${tokens.join('/')}" does not exist`,
        422,
        'Invalid',
      );
    }
    delete parent[last];
  }
  return doc;
}

const clone = <T>(v: T): T =>
  v === undefined ? v : JSON.parse(JSON.stringify(v));

export function jsonPatch(target: unknown, ops: unknown): any {
  if (!Array.isArray(ops))
    throw new PatchError('json patch must be an array of operations');
  let doc = clone(target);
  for (const op of ops) {
    if (!isObj(op))
      throw new PatchError('json patch operation must be an object');
    const path = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        if (!('value' in op))
          throw new PatchError('add operation requires a value');
        doc = add(doc, path, clone(op.value));
        break;
      case 'remove':
        doc = remove(doc, path);
        break;
      case 'replace':
        if (!('value' in op))
          throw new PatchError('replace operation requires a value');
        getAt(doc, path);
        doc = remove(doc, path);
        doc = add(doc, path, clone(op.value));
        break;
      case 'move': {
        const from = parsePointer(op.from);
        const v = getAt(doc, from);
        doc = remove(doc, from);
        doc = add(doc, path, v);
        break;
      }
      case 'copy': {
        const v = clone(getAt(doc, parsePointer(op.from)));
        doc = add(doc, path, v);
        break;
      }
      case 'test': {
        const v = getAt(doc, path);
        if (JSON.stringify(v) !== JSON.stringify(op.value)) {
          throw new PatchError(
            `the server rejected our request due to an error in our request: testing value ${op.path} failed`,
            422,
            'Invalid',
          );
        }
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return doc;
}
