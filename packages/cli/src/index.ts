/**
 * rollscope: get and list Argo Rollouts, experiments, Flagger canaries and Alauda canary
 * deliveries from a cluster or a folder of YAML, printed like kubectl argo rollouts.
 *
 * @packageDocumentation
 */
import { Command, CommanderError } from 'commander';
import { ClusterSource } from './sources/clusterSource';
import { FilesSource } from './sources/filesSource';
import type { Source } from './sources/source';
import {
  CommonOptions,
  Output,
  invalidName,
  getCanary,
  getDelivery,
  getExperiment,
  getRollout,
  listCanaries,
  listDeliveries,
  listExperiments,
  listRollouts,
} from './commands/run';

export { renderRollout } from './render/rollout';
export { renderExperiment } from './render/experiment';
export { renderRolloutList, renderExperimentList, RolloutListWatch } from './render/list';
export { renderDelivery, renderDeliveryList } from './render/delivery';
export { tabwrite } from './render/tabwriter';
export { ClusterSource } from './sources/clusterSource';
export { FilesSource } from './sources/filesSource';
export type { Source } from './sources/source';

type Kind = 'rollout' | 'experiment' | 'canary' | 'canarydelivery' | 'delivery';

const KIND_ALIASES: Record<string, Kind> = {
  rollout: 'rollout', rollouts: 'rollout', ro: 'rollout',
  experiment: 'experiment', experiments: 'experiment', exp: 'experiment',
  canary: 'canary', canaries: 'canary',
  canarydelivery: 'canarydelivery', canarydeliveries: 'canarydelivery', cd: 'canarydelivery',
  delivery: 'delivery', deliveries: 'delivery',
};

interface GlobalFlags {
  kubeconfig?: string;
  context?: string;
  files?: string;
  namespace?: string;
  allNamespaces?: boolean;
  color?: boolean;
  watch?: boolean;
  timestamps?: boolean;
  output?: string;
}

export interface RunOptions {
  io?: Output;
  signal?: AbortSignal;
  now?: () => Date;
  /** Use this source instead of building one from the flags (tests). */
  source?: Source;
}

/** Runs the CLI with `argv` (without node and script) and resolves with the exit code. */
export async function run(argv: string[], ro: RunOptions = {}): Promise<number> {
  const io: Output = ro.io ?? { out: s => process.stdout.write(s), err: s => process.stderr.write(s) };
  let code = 0;
  const program = new Command('rollscope')
    .description('Get and list progressive deliveries (Argo Rollouts, Flagger, Alauda CanaryDelivery, and releases done by hand with Services and routes)')
    .exitOverride()
    .configureOutput({ writeOut: s => io.out(s), writeErr: s => io.err(s) })
    .showHelpAfterError();

  const withFlags = (cmd: Command) =>
    cmd
      .option('-n, --namespace <ns>', 'namespace (default: the kubeconfig context namespace)')
      .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
      .option('--context <name>', 'kubeconfig context to use')
      .option('--files <dir>', 'read objects from a folder of YAML/JSON files instead of a cluster')
      .option('-w, --watch', 'keep watching and re-render on changes')
      .option('-o, --output <format>', 'json: print the delivery views as JSON (get/list delivery)')
      .option('--no-color', 'do not colorize output');

  const sourceFor = (f: GlobalFlags): Source =>
    ro.source ?? (f.files ? new FilesSource(f.files, f.namespace) : new ClusterSource({ kubeconfig: f.kubeconfig, context: f.context }));

  const common = (f: GlobalFlags): CommonOptions => ({
    namespace: f.namespace,
    allNamespaces: f.allNamespaces,
    noColor: f.color === false || process.env.TERM === 'dumb',
    watch: !!f.watch,
    timestamps: !!f.timestamps,
    ...(f.output === 'json' ? { output: 'json' as const } : {}),
    signal: ro.signal,
    now: ro.now,
  });

  const kindOf = (k: string): Kind => {
    const kind = KIND_ALIASES[k.toLowerCase()];
    if (!kind) throw new CommanderError(1, 'rollscope.kind', `error: unknown kind "${k}" (rollout, experiment, canary, canarydelivery, delivery)`);
    return kind;
  };

  const getters: Record<Kind, (source: Source, name: string, o: CommonOptions) => Promise<number>> = {
    rollout: (source, name, o) => getRollout(source, name, o, io),
    experiment: (source, name, o) => getExperiment(source, name, o, io),
    canary: (source, name, o) => getCanary(source, 'Canary', name, o, io),
    canarydelivery: (source, name, o) => getCanary(source, 'CanaryDelivery', name, o, io),
    delivery: (source, name, o) => getDelivery(source, name, o, io),
  };
  const listers: Record<Kind, (source: Source, o: CommonOptions) => Promise<number>> = {
    rollout: (source, o) => listRollouts(source, o, io),
    experiment: (source, o) => listExperiments(source, o, io),
    canary: (source, o) => listCanaries(source, 'Canary', o, io),
    canarydelivery: (source, o) => listCanaries(source, 'CanaryDelivery', o, io),
    delivery: (source, o) => listDeliveries(source, o, io),
  };

  /** Refuses an invalid name or namespace, else runs `command` with the source and options the flags ask for. */
  const runCommand = async (name: string | undefined, f: GlobalFlags, command: (source: Source, o: CommonOptions) => Promise<number>) => {
    if (f.output !== undefined && f.output !== 'json') {
      io.err(`Error: unknown output format "${f.output}": only -o json is supported\n`);
      code = 1;
      return;
    }
    // get delivery KIND/NAME: the name part is what Kubernetes validates.
    const invalid = invalidName(name?.includes('/') ? name.slice(name.indexOf('/') + 1) : name, f.namespace);
    if (invalid) {
      io.err(invalid);
      code = 1;
      return;
    }
    code = await command(sourceFor(f), common(f));
  };

  withFlags(program.command('get <kind> <name>').description('Show one rollout, experiment, canary, canary delivery or delivery of any kind (delivery [KIND/]NAME)'))
    .action((k: string, name: string, f: GlobalFlags) => runCommand(name, f, (source, o) => getters[kindOf(k)](source, name, o)));

  withFlags(program.command('list <kind>').description('List rollouts, experiments, canaries, canary deliveries, or every delivery (list deliveries)'))
    .option('-A, --all-namespaces', 'every namespace')
    .option('--timestamps', 'list rollouts: print the time of each row')
    .action((k: string, f: GlobalFlags) => runCommand(undefined, f, (source, o) => listers[kindOf(k)](source, o)));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return 0;
      if (e.code === 'rollscope.kind') io.err(`${e.message}\n`);
      return e.exitCode || 1;
    }
    io.err(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  return code;
}
