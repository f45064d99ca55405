import type { Request, Response } from 'express';
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthProviderFactory,
  authProvidersExtensionPoint,
  prepareBackstageIdentityResponse,
} from '@backstage/plugin-auth-node';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';

const COOKIE = 'rollscope-demo-user';

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function fail(res: Response, status: number, name: string, message: string) {
  res.status(status).json({ error: { name, message }, response: { statusCode: status } });
}

/**
 * DEV/DEMO ONLY. Sign-in provider `demo`: `/api/auth/demo/start?user=owner-alice` signs in as
 * one of the users listed in `auth.providers.demo.users` (no password), keeps the choice in a
 * cookie and answers like `/refresh`. Enabled only when `auth.providers.demo` is configured, and
 * refused when NODE_ENV is production unless `dangerouslyAllowOutsideDevelopment: true`.
 */
export const demoAuthProviderFactory: AuthProviderFactory = ({ config, resolverContext, baseUrl, logger }) => {
  const users = (config.getOptionalStringArray('users') ?? ['user:default/owner-alice', 'user:default/viewer-victor']).map(u =>
    stringifyEntityRef(parseEntityRef(u, { defaultKind: 'user', defaultNamespace: 'default' })),
  );
  const cookiePath = `${new URL(baseUrl).pathname.replace(/\/$/, '')}/demo`;
  const secure = baseUrl.startsWith('https:');
  const allowed = process.env.NODE_ENV !== 'production' || config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') === true;
  if (!allowed) logger.warn('The demo sign-in provider is disabled outside development');

  const resolveUser = (raw: unknown): string | undefined => {
    if (typeof raw !== 'string' || !raw || raw.length > 200) return undefined;
    try {
      const ref = stringifyEntityRef(parseEntityRef(raw, { defaultKind: 'user', defaultNamespace: 'default' }));
      return users.includes(ref) ? ref : undefined;
    } catch {
      return undefined;
    }
  };

  const session = async (ref: string) => {
    const result = await resolverContext.signInWithCatalogUser(
      { entityRef: ref },
      { dangerousEntityRefFallback: { entityRef: ref } },
    );
    return {
      profile: { displayName: parseEntityRef(ref).name },
      providerInfo: {},
      backstageIdentity: prepareBackstageIdentityResponse(result),
    };
  };

  const start = async (req: Request, res: Response): Promise<void> => {
    if (!allowed) {
      fail(res, 403, 'NotAllowedError', 'The demo sign-in is only available in development');
      return;
    }
    const ref = resolveUser(req.query.user);
    if (!ref) {
      fail(res, 400, 'InputError', `Pick one of the demo users: ${users.join(', ')} (e.g. ?user=owner-alice)`);
      return;
    }
    res.cookie(COOKIE, ref, { httpOnly: true, sameSite: 'lax', secure, path: cookiePath, maxAge: 8 * 3600 * 1000 });
    res.json(await session(ref));
  };

  return {
    start,
    frameHandler: start,
    async refresh(req: Request, res: Response): Promise<void> {
      if (!allowed) {
        fail(res, 403, 'NotAllowedError', 'The demo sign-in is only available in development');
        return;
      }
      const ref = resolveUser(readCookie(req, COOKIE));
      if (!ref) {
        fail(res, 401, 'AuthenticationError', 'Not signed in with the demo provider');
        return;
      }
      res.json(await session(ref));
    },
    async logout(_req: Request, res: Response): Promise<void> {
      res.clearCookie(COOKIE, { path: cookiePath });
      res.status(200).end();
    },
  };
};

/** Registers the `demo` provider when `auth.providers.demo` is configured. */
export const demoAuthModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint, config: coreServices.rootConfig },
      async init({ providers, config }) {
        if (!config.has('auth.providers.demo')) return;
        providers.registerProvider({ providerId: 'demo', factory: demoAuthProviderFactory });
      },
    });
  },
});
