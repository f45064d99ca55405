/**
 * Just enough of the Kubernetes protobuf envelope to read access reviews:
 * kubectl sends SelfSubjectAccessReview / SubjectAccessReview bodies as
 * `application/vnd.kubernetes.protobuf`. Answers are always JSON.
 */

type Fields = Map<number, (Buffer | number)[]>;

function readVarint(buf: Buffer, start: number): [number, number] {
  let pos = start;
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw new Error('varint too long');
  }
}

export function decodeFields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = readVarint(buf, pos);
    pos = p1;
    const field = Math.floor(key / 8);
    const wire = key & 7;
    let value: Buffer | number;
    if (wire === 0) {
      [value, pos] = readVarint(buf, pos);
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      if (p2 + len > buf.length) throw new Error('truncated field');
      value = buf.subarray(p2, p2 + len);
      pos = p2 + len;
    } else if (wire === 1) {
      value = buf.readDoubleLE(pos);
      pos += 8;
    } else if (wire === 5) {
      value = buf.readFloatLE(pos);
      pos += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
    const list = out.get(field) ?? [];
    list.push(value);
    out.set(field, list);
  }
  return out;
}

const str = (f: Fields, n: number): string | undefined => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
};
const msg = (f: Fields, n: number): Fields | undefined => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? decodeFields(v) : undefined;
};

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Decodes an access review sent as Kubernetes protobuf into its JSON shape. */
export function decodeAccessReview(body: Buffer): any {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC))
    throw new Error('missing protobuf envelope');
  const unknown = decodeFields(body.subarray(4));
  const typeMeta = msg(unknown, 1);
  const raw = unknown.get(2)?.[0];
  if (!Buffer.isBuffer(raw)) throw new Error('empty protobuf object');
  const review = decodeFields(raw);
  const spec: Fields = msg(review, 2) ?? new Map();
  const out: any = {
    apiVersion: typeMeta ? str(typeMeta, 1) : undefined,
    kind: typeMeta ? str(typeMeta, 2) : undefined,
    metadata: {},
    spec: {},
  };
  const ra = msg(spec, 1);
  if (ra) {
    out.spec.resourceAttributes = {
      namespace: str(ra, 1),
      verb: str(ra, 2),
      group: str(ra, 3),
      version: str(ra, 4),
      resource: str(ra, 5),
      subresource: str(ra, 6),
      name: str(ra, 7),
    };
  }
  const nra = msg(spec, 2);
  if (nra)
    out.spec.nonResourceAttributes = { path: str(nra, 1), verb: str(nra, 2) };
  if (out.kind === 'SubjectAccessReview') {
    out.spec.user = str(spec, 3);
    const groups: (Buffer | number)[] = spec.get(4) ?? [];
    out.spec.groups = groups
      .filter((b): b is Buffer => Buffer.isBuffer(b))
      .map(b => b.toString('utf8'));
  }
  return JSON.parse(JSON.stringify(out));
}

function strMap(
  f: Fields,
  n: number,
  asBase64 = false,
): Record<string, string> | undefined {
  const entries = f.get(n);
  if (!entries?.length) return undefined;
  const pairs: [string, string][] = [];
  for (const e of entries) {
    if (!Buffer.isBuffer(e)) continue;
    const kv = decodeFields(e);
    const v = kv.get(2)?.[0];
    pairs.push([
      str(kv, 1) ?? '',
      Buffer.isBuffer(v) ? v.toString(asBase64 ? 'base64' : 'utf8') : '',
    ]);
  }
  // fromEntries defines own properties, whatever the keys are
  return Object.fromEntries(pairs);
}

function objectMeta(f: Fields | undefined): Record<string, unknown> {
  if (!f) return {};
  const meta: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== '') meta[k] = v;
  };
  put('name', str(f, 1));
  put('generateName', str(f, 2));
  put('namespace', str(f, 3));
  put('resourceVersion', str(f, 6));
  put('labels', strMap(f, 11));
  put('annotations', strMap(f, 12));
  const finalizers = (f.get(14) ?? [])
    .filter((b): b is Buffer => Buffer.isBuffer(b))
    .map(b => b.toString('utf8'));
  if (finalizers.length) meta.finalizers = finalizers;
  return meta;
}

/**
 * Decodes the few core kinds kubectl's typed `create` subcommands send as
 * protobuf (namespace, configmap, secret, serviceaccount). Undefined for
 * anything else, which the caller answers with 415.
 */
export function decodeCoreObject(body: Buffer): any | undefined {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) return undefined;
  const unknown = decodeFields(body.subarray(4));
  const typeMeta = msg(unknown, 1);
  const raw = unknown.get(2)?.[0];
  if (!typeMeta || !Buffer.isBuffer(raw)) return undefined;
  const apiVersion = str(typeMeta, 1);
  const kind = str(typeMeta, 2);
  if (apiVersion !== 'v1') return undefined;
  const f = decodeFields(raw);
  const base = { apiVersion, kind, metadata: objectMeta(msg(f, 1)) };
  const flag = (n: number) => {
    const v = f.get(n)?.[0];
    return typeof v === 'number' ? v !== 0 : undefined;
  };
  switch (kind) {
    case 'Namespace':
      return base;
    case 'ServiceAccount':
      return JSON.parse(
        JSON.stringify({ ...base, automountServiceAccountToken: flag(4) }),
      );
    case 'ConfigMap':
      return JSON.parse(
        JSON.stringify({
          ...base,
          data: strMap(f, 2),
          binaryData: strMap(f, 3, true),
          immutable: flag(4),
        }),
      );
    case 'Secret':
      return JSON.parse(
        JSON.stringify({
          ...base,
          data: strMap(f, 2, true),
          type: str(f, 3) || 'Opaque',
          stringData: strMap(f, 4),
          immutable: flag(5),
        }),
      );
    default:
      return undefined;
  }
}
