import type { Command } from 'commander';
import { requireWholeNumber } from '../../../domain/input/whole-number.js';
import type { CliContext } from '../cli-context.js';

export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('Run the web UI, the HTTP API and a worker (default http://127.0.0.1:7777)')
    .option('--port <port>', 'port to listen on (TROUPE_PORT, default 7777)')
    .option('--host <host>', 'address to bind (TROUPE_HOST, default 127.0.0.1; anything else needs TROUPE_API_KEY)')
    .option('--demo', 'make sure the demo actor exists, with a first set of images')
    .action(async (options: { port?: string; host?: string; demo?: boolean }) => {
      const port = options.port === undefined ? undefined : requireWholeNumber(options.port, 'Port', 0, 65535);
      const server = await context.serve({ host: options.host, port, isDemo: options.demo === true });
      context.io.stdout.write(
        `Troupe is running at ${server.url} (Ctrl-C to stop; running jobs resume on the next start)\n`,
      );
      await new Promise<void>((resolve) => {
        const remove = context.io.onInterrupt(() => {
          remove();
          resolve();
        });
      });
      context.io.stdout.write('Stopping...\n');
      await server.close();
    });
}
