import crypto from 'node:crypto';
import type { Request } from 'express';
import { AuthenticationError, InputError, NotAllowedError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ActionPermissionKind, DeliveryAction } from '@rollscope/rollouts-common';
import { actionPermissionKind } from '@rollscope/rollouts-common';
import type { AccessContext, DeliveryScope, KubeClient, RolloutsAccess } from '@rollscope/plugin-rollouts-backend';
import { ARGOCD_APPLICATION_KIND, resourcePath, trackedByArgoApp } from '@rollscope/plugin-rollouts-backend';
import type { StandaloneRole } from './config';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function digest(s: string) {
  return crypto.createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time comparison of two secrets (lengths hidden by hashing first). */
export function secretsEqual(a: string, b: string): boolean {
  return crypto.timingSafeEqual(digest(a), digest(b));
}

/** The Argo CD user named by the proxy (believed only after the secret was checked). */
function actorOf(req: Request): string {
  const user = (req.header('Argocd-Username') ?? '').slice(0, 200);
  return user ? `argocd:${user}` : 'argocd:anonymous';
}

function glob(pattern: string, value: string) {
  const re = new RegExp(`^${pattern.split('*').map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

/** Is the user (or one of the groups) given this action on this application by a role? */
export function rolesAllow(roles: StandaloneRole[], user: string, groups: string[], app: string, action: DeliveryAction): boolean {
  return roles.some(
    r =>
      ((user && r.users?.includes(user)) || groups.some(g => r.groups?.includes(g))) &&
      (r.actions.includes('*') || r.actions.includes(action)) &&
      (r.applications ?? ['*']).some(p => glob(p, app)),
  );
}

interface AppInfo {
  found: boolean;
  project?: string;
  resources: Set<string>;
  at: number;
}

/**
 * Access for requests proxied by argocd-server: the shared secret header proves the caller is
 * Argo CD (only then are identity headers believed); the Argocd-Application-Name header scopes
 * everything to that application's objects; roles decide the actions.
 */
export class ArgocdAccess implements RolloutsAccess {
  private readonly apps = new Map<string, AppInfo>();

  constructor(
    private readonly options: {
      secretHeader: string;
      secret: string;
      roles: StandaloneRole[];
      /** Client of the cluster holding Application objects (undefined: scope by tracking only). */
      appsClient?: KubeClient;
      logger: LoggerService;
      cacheMs?: number;
    },
  ) {}

  validateEntityRef(ref: string): string {
    if (ref !== 'argocd') {
      throw new InputError('Use the entity "argocd": the application comes from the Argocd-Application-Name header.');
    }
    return ref;
  }

  /** The shared secret proves the request came through Argo CD; then its user header names the actor. */
  async authenticate(req: Request): Promise<string> {
    const given = req.header(this.options.secretHeader);
    if (typeof given !== 'string' || !given || !secretsEqual(given, this.options.secret)) {
      throw new AuthenticationError(
        `Missing or wrong ${this.options.secretHeader} header: requests must come through the Argo CD proxy extension.`,
      );
    }
    return actorOf(req);
  }

  private appHeader(req: Request): { namespace: string; name: string; project: string } {
    const raw = req.header('Argocd-Application-Name');
    if (!raw) throw new InputError('The Argocd-Application-Name header ("namespace:name") is required.');
    const m = raw.match(/^([^:]+):([^:]+)$/);
    if (!m || !DNS1123_LABEL.test(m[1]) || !DNS1123_SUBDOMAIN.test(m[2]) || m[2].length > 253) {
      throw new InputError(`Invalid Argocd-Application-Name "${raw.slice(0, 80)}": expected "namespace:name".`);
    }
    const project = req.header('Argocd-Project-Name');
    if (!project) throw new InputError('The Argocd-Project-Name header is required.');
    return { namespace: m[1], name: m[2], project };
  }

  private async appInfo(namespace: string, name: string): Promise<AppInfo> {
    const key = `${namespace}/${name}`;
    const cached = this.apps.get(key);
    if (cached && Date.now() - cached.at < (this.options.cacheMs ?? 5000)) return cached;
    const info: AppInfo = { found: false, resources: new Set(), at: Date.now() };
    const client = this.options.appsClient;
    if (client) {
      try {
        const res = await client.request('GET', resourcePath(ARGOCD_APPLICATION_KIND, namespace, name));
        if (res.status === 200 && res.body && typeof res.body === 'object') {
          info.found = true;
          info.project = typeof res.body.spec?.project === 'string' ? res.body.spec.project : undefined;
          const resources = Array.isArray(res.body.status?.resources) ? res.body.status.resources : [];
          for (const r of resources) {
            if (r && typeof r.kind === 'string' && typeof r.name === 'string') {
              info.resources.add(`${r.kind}/${r.namespace ?? ''}/${r.name}`);
            }
          }
        }
      } catch (e) {
        this.options.logger.warn(`Could not read Application ${key}: ${(e as Error).message}`);
      }
    }
    this.apps.set(key, info);
    return info;
  }

  async resolve(req: Request, _entityRef: string): Promise<AccessContext> {
    const app = this.appHeader(req);
    const appRef = `${app.namespace}/${app.name}`;
    const info = await this.appInfo(app.namespace, app.name);
    if (info.found && info.project && info.project !== app.project) {
      throw new NotAllowedError(`Application ${appRef} belongs to project ${info.project}, not ${app.project}.`);
    }
    // Argo CD names apps outside its own namespace "<namespace>_<name>" in labels and tracking ids.
    const names = [app.name, `${app.namespace}_${app.name}`];
    const scope: DeliveryScope = {
      id: `argocd:${appRef}`,
      matches: e => {
        if (names.some(n => trackedByArgoApp(n, e))) return true;
        return info.resources.has(`${e.kind}/${e.namespace}/${e.name}`);
      },
    };
    const user = req.header('Argocd-Username') ?? '';
    const groups = (req.header('Argocd-User-Groups') ?? '')
      .split(',')
      .map(g => g.trim())
      .filter(Boolean);
    const roles = this.options.roles;
    const held = new Set<ActionPermissionKind>();
    for (const [action, kind] of Object.entries(actionPermissionKind)) {
      if (rolesAllow(roles, user, groups, appRef, action as DeliveryAction)) held.add(kind);
    }
    return {
      scope,
      actor: actorOf(req),
      async allowedKinds(entries) {
        return new Map(entries.map(e => [e.key, held]));
      },
      async authorizeAction(action, entry) {
        if (!scope.matches(entry)) {
          return { allowed: false, reason: `${entry.kind} ${entry.namespace}/${entry.name} does not belong to application ${appRef}.` };
        }
        if (!rolesAllow(roles, user, groups, appRef, action)) {
          return { allowed: false, reason: `${user || 'This user'} may not ${action} in application ${appRef}.` };
        }
        return { allowed: true };
      },
    };
  }

  /** Drops the cached application (tests). */
  forget() {
    this.apps.clear();
  }
}

