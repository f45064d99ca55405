import http from 'node:http';
import https from 'node:https';
import type { RolloutsClusterConfig } from '@rollscope/rollouts-node';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { redactAddresses } from './redact';

/** A network failure without the cluster's address (it reaches health messages users see). */
function unreachable(cluster: string, err: any): Error {
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const detail = code ?? redactAddresses(String(err?.message ?? err)).slice(0, 200);
  return Object.assign(new Error(`cluster ${cluster} could not be reached (${detail})`), { code });
}

/** The answer of one Kubernetes API request. */
export interface KubeResponse {
  status: number;
  body: any;
}

/** Builds a client-node KubeConfig for one cluster's service account. */
export function kubeConfigFor(cluster: RolloutsClusterConfig): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url.replace(/\/+$/, ''),
        caData: cluster.caData,
        // Plain-HTTP servers (demo, local proxies) have no TLS to verify; client-node insists on the flag.
        skipTLSVerify: cluster.skipTLSVerify ?? cluster.url.startsWith('http:'),
      },
    ],
    users: [{ name: 'rollouts', token: cluster.serviceAccountToken }],
    contexts: [{ name: 'rollouts', cluster: cluster.name, user: 'rollouts' }],
    currentContext: 'rollouts',
  });
  return kc;
}

/**
 * Talks to one cluster with its service-account credentials, through @kubernetes/client-node's
 * KubeConfig (auth, TLS) and Watch. Never logs or returns the token.
 */
export class KubeClient {
  readonly kc: KubeConfig;
  private readonly server: string;

  constructor(readonly cluster: RolloutsClusterConfig, private readonly timeoutMs = 15000) {
    this.kc = kubeConfigFor(cluster);
    this.server = cluster.url.replace(/\/+$/, '');
  }

  /** Sends one request; resolves with the status and parsed JSON body (never throws for HTTP errors). */
  async request(
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string; query?: Record<string, string | number | undefined> } = {},
  ): Promise<KubeResponse> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const opts: https.RequestOptions = {
      method,
      headers: { Accept: 'application/json' },
      timeout: this.timeoutMs,
    };
    await this.kc.applyToHTTPSOptions(opts);
    const payload =
      options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    if (payload) {
      (opts.headers as Record<string, string>)['Content-Type'] =
        options.contentType ?? 'application/json';
      (opts.headers as Record<string, string>)['Content-Length'] = String(payload.length);
    }
    const mod = url.protocol === 'https:' ? https : http;
    if (url.protocol !== 'https:') delete opts.agent;
    return new Promise<KubeResponse>((resolve, reject) => {
      const req = mod.request(url, opts, res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // keep text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', err => reject(unreachable(this.cluster.name, err)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Opens a watch; see client-node's Watch. */
  watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (type: string, obj: any) => void,
    onDone: (err: any) => void,
  ): Promise<AbortController> {
    const name = this.cluster.name;
    // HTTP answers (410 Gone, ...) and aborts pass as they are; network failures lose the address.
    const clean = (err: any) => (!err || err.name === 'AbortError' || err.statusCode ? err : unreachable(name, err));
    return new Watch(this.kc)
      .watch(path, query, onEvent, err => onDone(clean(err)))
      .catch(err => {
        throw clean(err);
      });
  }
}
