import type { BackstageUserIdentity, IdentityApi, ProfileInfo } from '@backstage/core-plugin-api';

/** The two demo people, as the dev backend's `demo` provider knows them. */
export const demoUsers = [
  { user: 'owner-alice', label: 'Alice (owner, may act)' },
  { user: 'viewer-victor', label: 'Victor (viewer)' },
] as const;

interface RefreshBody {
  profile?: ProfileInfo;
  backstageIdentity?: { token: string; expiresInSeconds?: number; identity?: BackstageUserIdentity };
}

const headers = { 'X-Requested-With': 'XMLHttpRequest' };

function decodeIdentity(token: string): BackstageUserIdentity {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return { type: 'user', userEntityRef: String(payload.sub), ownershipEntityRefs: Array.isArray(payload.ent) ? payload.ent : [] };
  } catch {
    return { type: 'user', userEntityRef: 'user:default/unknown', ownershipEntityRefs: [] };
  }
}

async function refresh(authBase: string, provider: string): Promise<RefreshBody | undefined> {
  const res = await fetch(`${authBase}/${provider}/refresh?optional&env=development`, { credentials: 'include', headers });
  if (!res.ok) return undefined;
  const body = (await res.json().catch(() => undefined)) as RefreshBody | undefined;
  return body?.backstageIdentity?.token ? body : undefined;
}

/** An IdentityApi over a Backstage auth provider session (cookie + refresh). */
class SessionIdentity implements IdentityApi {
  private body: RefreshBody;
  private expiresAt: number;
  constructor(private readonly authBase: string, private readonly provider: string, body: RefreshBody) {
    this.body = body;
    this.expiresAt = Date.now() + (body.backstageIdentity?.expiresInSeconds ?? 3600) * 1000;
  }
  private async current(): Promise<RefreshBody> {
    if (Date.now() > this.expiresAt - 60_000) {
      const next = await refresh(this.authBase, this.provider);
      if (next) {
        this.body = next;
        this.expiresAt = Date.now() + (next.backstageIdentity?.expiresInSeconds ?? 3600) * 1000;
      }
    }
    return this.body;
  }
  async getProfileInfo(): Promise<ProfileInfo> {
    return (await this.current()).profile ?? {};
  }
  async getBackstageIdentity(): Promise<BackstageUserIdentity> {
    const b = (await this.current()).backstageIdentity!;
    return b.identity ?? decodeIdentity(b.token);
  }
  async getCredentials(): Promise<{ token?: string }> {
    return { token: (await this.current()).backstageIdentity?.token };
  }
  async signOut(): Promise<void> {
    if (typeof localStorage !== 'undefined') localStorage.removeItem('rollscope.signin.provider');
    await fetch(`${this.authBase}/${this.provider}/logout`, { method: 'POST', credentials: 'include', headers }).catch(() => undefined);
  }
}

/**
 * Signs in with the dev backend's demo provider: `/start?user=<name>` sets the session, then the
 * standard `/refresh` returns the Backstage identity. `provider` 'guest' signs in as the guest.
 */
export async function signInAs(authBase: string, provider: 'demo' | 'guest', user?: string): Promise<IdentityApi> {
  if (provider === 'demo') {
    const start = await fetch(`${authBase}/demo/start?user=${encodeURIComponent(user ?? '')}&env=development`, {
      credentials: 'include',
      headers,
    });
    if (start.status >= 400) {
      const text = await start.text().catch(() => '');
      throw new Error(`Sign-in as ${user} was refused (${start.status}) ${text.slice(0, 200)}`);
    }
    const direct = (await start.json().catch(() => undefined)) as RefreshBody | undefined;
    if (direct?.backstageIdentity?.token) return new SessionIdentity(authBase, provider, direct);
  }
  const body = await refresh(authBase, provider);
  if (!body) throw new Error(`The ${provider} sign-in provider gave no session`);
  return new SessionIdentity(authBase, provider, body);
}

/** Resumes the session of the provider last signed in with, after a reload. */
export async function resumeSession(authBase: string, provider: string | null): Promise<IdentityApi | undefined> {
  if (provider !== 'demo' && provider !== 'guest') return undefined;
  const body = await refresh(authBase, provider).catch(() => undefined);
  return body ? new SessionIdentity(authBase, provider, body) : undefined;
}
