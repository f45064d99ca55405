import { decodeAccessReview, decodeCoreObject } from './protobuf';

/** protobuf writer for the test: length-delimited fields only */
function field(n: number, value: Buffer | string): Buffer {
  const v = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([Buffer.from([(n << 3) | 2, v.length]), v]);
}
const msg = (...parts: Buffer[]) => Buffer.concat(parts);
const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    field(1, msg(field(1, apiVersion), field(2, kind))),
    field(2, raw),
  ]);

describe('protobuf bodies', () => {
  it('reads a SelfSubjectAccessReview as kubectl sends it', () => {
    const attrs = msg(
      field(1, 'ns'),
      field(2, 'patch'),
      field(3, 'argoproj.io'),
      field(5, 'rollouts'),
      field(6, 'status'),
    );
    const body = envelope(
      'authorization.k8s.io/v1',
      'SelfSubjectAccessReview',
      msg(field(1, Buffer.alloc(0)), field(2, field(1, attrs))),
    );
    expect(decodeAccessReview(body).spec.resourceAttributes).toEqual({
      namespace: 'ns',
      verb: 'patch',
      group: 'argoproj.io',
      resource: 'rollouts',
      subresource: 'status',
    });
  });

  it('reads the core objects kubectl create sends', () => {
    // bytes captured from `kubectl create configmap pcm --from-literal=a=b`
    const captured = Buffer.from(
      '6b3873000a0f0a0276311209436f6e6669674d6170121d0a130a0370636d12001a0022002a00320038004200' +
        '12060a01611201621a002200',
      'hex',
    );
    expect(decodeCoreObject(captured)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'pcm' },
      data: { a: 'b' },
    });
    const secret = envelope(
      'v1',
      'Secret',
      msg(field(1, field(1, 's')), field(2, msg(field(1, 'k'), field(2, 'v')))),
    );
    expect(decodeCoreObject(secret)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { k: 'dg==' },
      type: 'Opaque',
    });
    expect(
      decodeCoreObject(envelope('apps/v1', 'Deployment', Buffer.alloc(0))),
    ).toBeUndefined();
    expect(() => decodeAccessReview(Buffer.from('nope'))).toThrow();
  });
});
