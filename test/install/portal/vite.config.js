// The portal's server side: /rollscope goes to the standalone backend (ROLLSCOPE_URL) with the shared secret and
// the caller's identity and application, which only the server may set (the browser never sees the secret).
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  server: {
    strictPort: true,
    proxy: {
      '/rollscope': {
        target: process.env.ROLLSCOPE_URL,
        rewrite: path => path.replace(/^\/rollscope/, ''),
        headers: {
          'Rollscope-Proxy-Secret': process.env.ROLLSCOPE_PROXY_SECRET,
          'Argocd-Application-Name': process.env.PORTAL_APPLICATION ?? 'argocd:shop',
          'Argocd-Project-Name': process.env.PORTAL_PROJECT ?? 'default',
          'Argocd-Username': process.env.PORTAL_USER ?? 'portal-user',
        },
      },
    },
  },
});
