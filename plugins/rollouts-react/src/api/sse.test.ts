import { SseParser } from './sse';

describe('SseParser', () => {
  it('parses messages split across chunks, skips comments, keeps ids', () => {
    const p = new SseParser();
    expect(p.push(': ping\n\nevent: upsert\nid: 7\nda')).toEqual([]);
    const out = p.push('ta: {"a":1}\n\ndata: x\ndata: y\r\n\r\n');
    expect(out).toEqual([
      { event: 'upsert', data: '{"a":1}', id: '7', retry: undefined },
      { event: 'message', data: 'x\ny', id: '7', retry: undefined },
    ]);
    expect(p.lastEventId).toBe('7');
  });

  it('reads retry and ignores unknown fields', () => {
    const p = new SseParser();
    expect(p.push('retry: 2500\nfoo: bar\ndata:1\n\n')).toEqual([{ event: 'message', data: '1', id: undefined, retry: 2500 }]);
  });
});
