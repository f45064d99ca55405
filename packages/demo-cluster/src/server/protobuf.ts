/**
 * Just enough of the Kubernetes protobuf envelope to read access reviews:
 * kubectl sends SelfSubjectAccessReview / SubjectAccessReview bodies as
 * `application/vnd.kubernetes.protobuf`. Answers are always JSON.
 */

type Fields = Map<number, (Buffer | number)[]>;

function readVarint(buf: Buffer, pos: number): [number, number] {
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
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new Error('missing protobuf envelope');
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
  if (nra) out.spec.nonResourceAttributes = { path: str(nra, 1), verb: str(nra, 2) };
  if (out.kind === 'SubjectAccessReview') {
    out.spec.user = str(spec, 3);
    const groups: (Buffer | number)[] = spec.get(4) ?? [];
    out.spec.groups = groups.filter((b): b is Buffer => Buffer.isBuffer(b)).map(b => b.toString('utf8'));
  }
  return JSON.parse(JSON.stringify(out));
}
