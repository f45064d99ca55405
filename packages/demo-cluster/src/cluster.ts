import fs from 'node:fs';
import path from 'node:path';
import { Clock, createClock } from './clock';
import { loadIntoStore, loadPaths } from './load/loadObjects';
import { renderKubeconfig } from './kubeconfig';
import { createRandom } from './random';
import { ApiServer } from './server/ApiServer';
import { serviceAccountUser, UserInfo } from './server/rbac';
import { autoSave, loadSnapshot, readSnapshot, saveSnapshot } from './snapshot';
import { MemoryStore } from './store/MemoryStore';
import { KubeObject, ObjectStore } from './store/types';

/** Options of {@link startDemoCluster}. */
export interface DemoClusterOptions {
  /** 0 = ephemeral (default) */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  https?: boolean;
  /** default 'empty' */
  world?: 'demo' | 'empty';
  /** folders or files of YAML/JSON */
  load?: string[];
  objects?: KubeObject[];
  /** simulated controllers, default true */
  controllers?: boolean;
  /** RBAC enforcement, default true */
  rbac?: boolean;
  seed?: number;
  /** default 1 */
  timeScale?: number;
  kubeconfigPath?: string;
  snapshotPath?: string;
  adminToken?: string;
  backendToken?: string;
  quiet?: boolean;
}

/** Fault injection for resilience tests. */
export interface Faults {
  /** every open watch stream ends */
  closeAllWatches(): void;
  /** while on: every watch request is answered with a 410 Gone ERROR frame */
  expireWatches(on?: boolean): void;
  /** forget event history so older resourceVersions get 410 */
  compactHistory(): void;
  setLatency(ms: number): void;
  failFraction(fraction: number, status?: number): void;
  /** drop connections, keep store, come back on the same port */
  restart(): Promise<void>;
  clear(): void;
}

/** A running demo cluster. */
export interface DemoCluster {
  url: string;
  adminToken: string;
  backendToken: string;
  store: ObjectStore;
  caData?: string;
  kubeconfig(context?: 'admin' | 'backend'): string;
  faults: Faults;
  requestCount(): number;
  stop(): Promise<void>;
}

export const DEFAULT_ADMIN_TOKEN = 'rollscope-admin-token';
export const DEFAULT_BACKEND_TOKEN = 'rollscope-backend-token';
export const BACKEND_USER = serviceAccountUser(
  'rollscope',
  'rollscope-backend',
);

/** The RBAC objects shipped in the top-level deploy/rbac folder. */
export function rbacDir(): string {
  // eslint-disable-next-line no-restricted-syntax -- runs from source in this repository; deploy/rbac is not part of the package
  return path.resolve(__dirname, '..', '..', '..', 'deploy', 'rbac');
}

function selfSignedCert(host: string): { key: string; cert: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const selfsigned = require('selfsigned');
  const altNames: any[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
  ];
  if (host !== '127.0.0.1' && host !== 'localhost') {
    altNames.push(
      /^[\d.]+$/.test(host) ? { type: 7, ip: host } : { type: 2, value: host },
    );
  }
  const pems = selfsigned.generate(
    [{ name: 'commonName', value: 'rollscope-demo-cluster' }],
    {
      days: 365,
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        {
          name: 'keyUsage',
          keyCertSign: true,
          digitalSignature: true,
          keyEncipherment: true,
        },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    },
  );
  return { key: pems.private, cert: pems.cert };
}

function worldFolder(
  world: 'demo' | 'empty',
  warn: (w: string) => void,
): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./worlds').worldDir(world);
  } catch (e) {
    warn(`world "${world}" unavailable: ${(e as Error).message}`);
    return undefined;
  }
}

function log(quiet: boolean | undefined, msg: string) {
  // eslint-disable-next-line no-console
  if (!quiet) console.error(msg);
}

/** Starts an in-process Kubernetes API server with simulated controllers. */
export async function startDemoCluster(
  opts: DemoClusterOptions = {},
): Promise<DemoCluster> {
  const host = opts.host ?? '127.0.0.1';
  const snapshot = opts.snapshotPath
    ? readSnapshot(opts.snapshotPath)
    : undefined;
  const savedClock = snapshot?.clock ? Date.parse(snapshot.clock) : NaN;
  // a restored world continues from its saved time (never earlier than now)
  const clock: Clock = createClock({
    timeScale: opts.timeScale ?? 1,
    startAt:
      Number.isFinite(savedClock) && savedClock > Date.now()
        ? savedClock
        : undefined,
  });
  const random = createRandom(opts.seed ?? 1);
  const store = new MemoryStore({
    clock,
    namespaces: ['default', 'kube-system', 'kube-public', 'kube-node-lease'],
  });
  const adminToken = opts.adminToken ?? DEFAULT_ADMIN_TOKEN;
  const backendToken = opts.backendToken ?? DEFAULT_BACKEND_TOKEN;
  const warn = (w: string) => log(opts.quiet, `demo-cluster: ${w}`);

  const restored = opts.snapshotPath
    ? loadSnapshot(store, opts.snapshotPath, snapshot)
    : false;
  if (!restored) {
    const rbac = fs.existsSync(rbacDir())
      ? loadPaths(store, [rbacDir()])
      : { loaded: 0, warnings: [`RBAC folder ${rbacDir()} not found`] };
    rbac.warnings.forEach(warn);
    const dir = worldFolder(opts.world ?? 'empty', warn);
    if (dir && fs.existsSync(dir))
      loadPaths(store, [dir]).warnings.forEach(warn);
    if (opts.load?.length) loadPaths(store, opts.load).warnings.forEach(warn);
    if (opts.objects?.length)
      loadIntoStore(store, opts.objects).warnings.forEach(warn);
  }

  const tokens = new Map<string, UserInfo>([
    [
      adminToken,
      { name: 'admin', groups: ['system:masters', 'system:authenticated'] },
    ],
    [backendToken, BACKEND_USER],
  ]);
  const tls = opts.https ? selfSignedCert(host) : undefined;
  const caData = tls ? Buffer.from(tls.cert).toString('base64') : undefined;
  const server = new ApiServer({
    store,
    clock,
    tokens,
    rbac: opts.rbac ?? true,
    host,
    port: opts.port ?? 0,
    tls,
  });
  await server.start();

  const stops: (() => void)[] = [];
  if (opts.controllers ?? true) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const controllers = require('./controllers');
      const c = controllers.startControllers(store, { clock, random });
      stops.push(() => c.stop());
      if ((opts.world ?? 'empty') === 'demo') {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const worlds = require('./worlds');
        const loop = worlds.startReleaseLoop(store, { clock, random });
        stops.push(() => loop.stop());
      }
    } catch (e) {
      // do not leave a listening server behind
      for (const s of stops.reverse()) s();
      await server.close();
      throw e;
    }
  }
  const saver = opts.snapshotPath
    ? autoSave(store, opts.snapshotPath, 500, clock)
    : undefined;
  if (saver && !restored) saver.flush();

  const kubeconfig = (context: 'admin' | 'backend' = 'admin') =>
    renderKubeconfig({
      server: server.url,
      adminToken,
      backendToken,
      caData,
      current: context,
    });
  if (opts.kubeconfigPath) {
    fs.mkdirSync(path.dirname(path.resolve(opts.kubeconfigPath)), {
      recursive: true,
    });
    fs.writeFileSync(opts.kubeconfigPath, kubeconfig('admin'), { mode: 0o600 });
  }

  let stopped = false;
  const cluster: DemoCluster = {
    get url() {
      return server.url;
    },
    adminToken,
    backendToken,
    store,
    caData,
    kubeconfig,
    requestCount: () => server.requestCount(),
    faults: {
      closeAllWatches: () => server.closeAllWatches(),
      expireWatches: (on = true) => server.expireWatches(on),
      compactHistory: () => store.compactHistory(),
      setLatency: ms => server.setLatency(ms),
      failFraction: (fraction, status) => server.failFraction(fraction, status),
      restart: () => server.restart(),
      clear: () => server.clearFaults(),
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const s of stops.reverse()) {
        try {
          s();
        } catch (e) {
          warn(`stopping failed: ${e}`);
        }
      }
      saver?.stop();
      if (opts.snapshotPath) {
        try {
          saveSnapshot(store, opts.snapshotPath, clock);
        } catch (e) {
          warn(`cannot save snapshot: ${e}`);
        }
      }
      await server.close();
    },
  };
  return cluster;
}
