import { jsonPatch, mergePatch, PatchError } from './patch';

describe('patches', () => {
  it('merge patch replaces, merges and deletes with null', () => {
    expect(
      mergePatch(
        { a: 1, b: { c: 2, d: 3 }, e: [1] },
        { b: { c: null, x: 1 }, e: [2], a: null },
      ),
    ).toEqual({
      b: { d: 3, x: 1 },
      e: [2],
    });
  });

  it('json patch supports every operation', () => {
    const doc = { spec: { list: [1, 2], a: 'x' } };
    const out = jsonPatch(doc, [
      { op: 'test', path: '/spec/a', value: 'x' },
      { op: 'add', path: '/spec/list/-', value: 3 },
      { op: 'replace', path: '/spec/a', value: 'y' },
      { op: 'copy', from: '/spec/a', path: '/spec/b' },
      { op: 'move', from: '/spec/b', path: '/spec/c' },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'add', path: '/metadata', value: { 'a/b': 1 } },
      { op: 'remove', path: '/metadata/a~1b' },
    ]);
    expect(out).toEqual({
      spec: { list: [2, 3], a: 'y', c: 'y' },
      metadata: {},
    });
    expect(doc.spec.list).toEqual([1, 2]);
  });

  it('fails a test operation and bad documents', () => {
    expect(() =>
      jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]),
    ).toThrow(PatchError);
    expect(() => jsonPatch({}, { op: 'add' })).toThrow(/array/);
    expect(() => jsonPatch({}, [{ op: 'remove', path: '/x' }])).toThrow(
      /does not exist/,
    );
    expect(() => jsonPatch({}, [{ op: 'frobnicate', path: '/x' }])).toThrow(
      PatchError,
    );
  });
});

describe('patches with hostile keys', () => {
  it('keeps __proto__ as plain data', () => {
    const merged = mergePatch(
      {},
      JSON.parse('{"__proto__": {"polluted": true}}'),
    );
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    const patched = jsonPatch({}, [
      { op: 'add', path: '/__proto__', value: { polluted: true } },
    ]);
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(patched)).toBe(Object.prototype);
  });
});
