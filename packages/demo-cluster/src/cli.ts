import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { startDemoCluster } from './cluster';

export const DEFAULT_PORT = 8089;

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('not a port number');
  return n;
}

function positive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('must be a positive number');
  return n;
}

/** The `rollscope-demo-cluster` command. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('rollscope-demo-cluster')
    .description(
      'A Kubernetes API server with simulated Argo Rollouts, Flagger and CanaryDelivery controllers',
    )
    .option(
      '--port <n>',
      `port to listen on (0 = any free port)`,
      int,
      DEFAULT_PORT,
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--https',
      'serve HTTPS with a self-signed certificate (kubectl only sends tokens over HTTPS)',
      true,
    )
    .option('--no-https', 'serve plain HTTP')
    .option(
      '--kubeconfig <file>',
      'where to write the kubeconfig',
      '.demo-cluster/kubeconfig',
    )
    .option('--world <name>', 'demo or empty', 'demo')
    .option(
      '--load <path>',
      'YAML/JSON file or folder to load (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--no-controllers', 'do not run the simulated controllers')
    .option('--no-rbac', 'allow every authenticated request')
    .option('--seed <n>', 'random seed', (v: string) => Number(v), 1)
    .option(
      '--time-scale <x>',
      'run controllers this many times faster than real time',
      positive,
      1,
    )
    .option(
      '--snapshot <file>',
      'load the world from this file if present; save changes to it',
    )
    .option(
      '--admin-token <token>',
      'bearer token of the admin user',
      process.env.ROLLSCOPE_ADMIN_TOKEN,
    )
    .option(
      '--backend-token <token>',
      'bearer token of system:serviceaccount:rollscope:rollscope-backend',
      process.env.ROLLSCOPE_BACKEND_TOKEN,
    )
    .option('--quiet', 'print only the URL');
  program.parse(argv);
  const o = program.opts();
  if (o.world !== 'demo' && o.world !== 'empty') {
    program.error(`--world must be demo or empty, not ${o.world}`);
  }
  const kubeconfigPath = path.resolve(o.kubeconfig);
  const cluster = await startDemoCluster({
    port: o.port,
    host: o.host,
    https: o.https,
    world: o.world,
    load: o.load,
    controllers: o.controllers,
    rbac: o.rbac,
    seed: o.seed,
    timeScale: o.timeScale,
    kubeconfigPath,
    snapshotPath: o.snapshot ? path.resolve(o.snapshot) : undefined,
    adminToken: o.adminToken,
    backendToken: o.backendToken,
    quiet: o.quiet,
  });
  /* eslint-disable no-console */
  console.log(cluster.url);
  if (!o.quiet) {
    console.log(
      `kubeconfig: ${kubeconfigPath} (contexts: admin [current], backend)`,
    );
    console.log(`  KUBECONFIG=${kubeconfigPath} kubectl get rollouts -A`);
    if (!o.https)
      console.log(
        '  note: kubectl sends no token over plain HTTP; use --https for kubectl',
      );
  }
  /* eslint-enable no-console */
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
