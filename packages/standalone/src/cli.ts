import { Command } from 'commander';
import { loadStandaloneConfig } from './config';
import { startStandaloneServer } from './server';

/** rollscope-server --config FILE [--port N] */
export async function main(argv: string[]) {
  const program = new Command()
    .name('rollscope-server')
    .description('Rollscope API for the Argo CD proxy extension and other portals')
    .requiredOption('-c, --config <file>', 'YAML configuration (clusters, port, argocd secret, roles)')
    .option('-p, --port <port>', 'port to listen on (overrides the config; 0 = any free port)')
    .parse(argv);
  const opts = program.opts<{ config: string; port?: string }>();
  let config;
  try {
    config = loadStandaloneConfig(opts.config);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  if (opts.port !== undefined) {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`--port must be a number from 0 to 65535\n`);
      process.exit(2);
    }
    config.port = port;
  }
  const server = await startStandaloneServer(config);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
