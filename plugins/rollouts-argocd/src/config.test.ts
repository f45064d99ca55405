import { readConfig } from './config';

describe('readConfig', () => {
  it('uses defaults when nothing is set', () => {
    expect(readConfig(undefined)).toEqual({
      proxyBase: '/extensions/rollscope',
      enableBackend: true,
      refreshIntervalMs: 10000,
      argocdBase: '',
    });
  });

  it('reads the upper-cased string values argocd-extension-installer writes', () => {
    expect(
      readConfig({
        PROXY_BASE: '/argocd/extensions/rollscope/',
        ENABLE_BACKEND: 'false',
        REFRESH_INTERVAL: '30',
      }),
    ).toMatchObject({
      proxyBase: '/argocd/extensions/rollscope',
      enableBackend: false,
      refreshIntervalMs: 30000,
    });
  });

  it('accepts camelCase keys, real booleans and unit suffixes', () => {
    expect(
      readConfig({
        proxyBase: '/x',
        enableBackend: true,
        refreshInterval: '1500ms',
      }),
    ).toMatchObject({
      proxyBase: '/x',
      enableBackend: true,
      refreshIntervalMs: 1500,
    });
    expect(readConfig({ refreshInterval: 2 }).refreshIntervalMs).toBe(2000);
  });

  it('keeps defaults for unreadable or unsafe values', () => {
    const c = readConfig({
      PROXY_BASE: 'https://evil.example/x',
      ENABLE_BACKEND: 'maybe',
      REFRESH_INTERVAL: 'soon',
    });
    expect(c).toMatchObject({
      proxyBase: '/extensions/rollscope',
      enableBackend: true,
      refreshIntervalMs: 10000,
    });
    expect(readConfig({ PROXY_BASE: '//evil.example' }).proxyBase).toBe(
      '/extensions/rollscope',
    );
    expect(readConfig({ REFRESH_INTERVAL: '0' }).refreshIntervalMs).toBe(1000);
    expect(readConfig('nonsense').enableBackend).toBe(true);
  });
});
