import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app in (web,api)', true],
    ['app notin (web)', false],
    ['tier,app=web', true],
    ['!canary', true],
    ['!app', false],
    ['missing', false],
    ['env in (prod, staging),tier notin (back)', true],
    ['missing notin (x)', true],
    ['', true],
  ])('%s', (sel, expected) => {
    expect(matchesLabels(parseLabelSelector(sel), labels)).toBe(expected);
  });

  it('rejects malformed selectors', () => {
    expect(() => parseLabelSelector('a b c')).toThrow();
    expect(() => parseLabelSelector('=x')).toThrow();
  });

  it('supports metadata.name and metadata.namespace fields only', () => {
    expect(
      parseFieldSelector('metadata.name=a,metadata.namespace!=b', 'Pod'),
    ).toHaveLength(2);
    expect(() => parseFieldSelector('spec.nodeName=x', 'ConfigMap')).toThrow(
      /field label not supported/,
    );
  });
});

describe('field selectors per kind', () => {
  it('filters events by involved object, as kubectl describe asks', () => {
    const event: any = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'ns' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'ns', uid: 'u1' },
      type: 'Normal',
    };
    const reqs = parseFieldSelector(
      'involvedObject.name=p,involvedObject.namespace=ns,involvedObject.uid=u1',
      'Event',
    );
    expect(matchesFields(reqs, event)).toBe(true);
    expect(
      matchesFields(parseFieldSelector('type!=Normal', 'Event'), event),
    ).toBe(false);
    expect(() =>
      parseFieldSelector('involvedObject.name=p', 'ConfigMap'),
    ).toThrow(/not supported/);
  });
});
