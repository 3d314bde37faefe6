import { Command, CommanderError } from 'commander';
import { isTroupeError, isUsageError } from '../../domain/errors/troupe-error.js';
import type { CliContext } from './cli-context.js';
import { registerActors } from './commands/actors-command.js';
import { registerBalance } from './commands/balance-command.js';
import { registerDemo } from './commands/demo-command.js';
import { registerExport } from './commands/export-command.js';
import { registerGenerate } from './commands/generate-command.js';
import { registerImages } from './commands/images-command.js';
import { registerImport } from './commands/import-command.js';
import { registerJobs } from './commands/jobs-command.js';
import { registerPrompts } from './commands/prompts-command.js';
import { registerServe } from './commands/serve-command.js';
import { registerStorageCommands } from './commands/storage-commands.js';

/** Exit codes: 0 success (also a partial set), 1 failure, 2 bad usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Runs one command line. Never calls process.exit: returns the exit code, so tests can run it in-process. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('troupe')
    .description('Troupe makes and keeps LoRA training sets for AI characters.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => context.io.stdout.write(s), writeErr: (s) => context.io.stderr.write(s) })
    .showSuggestionAfterError();
  if (context.version !== undefined) program.version(context.version, '-V, --version', 'print the version and exit');
  const setExit = (code: number) => {
    exitCode = code;
  };
  registerActors(program, context);
  registerGenerate(program, context, setExit);
  registerJobs(program, context, setExit);
  registerDemo(program, context, setExit);
  registerServe(program, context);
  registerImport(program, context);
  registerBalance(program, context, setExit);
  registerStorageCommands(program, context, setExit);
  registerExport(program, context);
  registerImages(program, context, setExit);
  registerPrompts(program, context);
  sendHelpToStdout(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(context, error);
  }
}

/**
 * Commander prints a group's help to stderr when no subcommand is named (`troupe`, `troupe jobs`); help is what the
 * user asked for there, so it goes to stdout like `--help`, and `troupe | less` shows it.
 */
function sendHelpToStdout(command: Command): void {
  const help = command.help.bind(command);
  command.help = ((context?: { error?: boolean }) => help({ ...context, error: false })) as Command['help'];
  for (const sub of command.commands) sendHelpToStdout(sub);
}

function reportError(context: CliContext, error: unknown): number {
  if (error instanceof CommanderError) {
    const isHelp =
      error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    return isHelp ? EXIT.ok : EXIT.usage;
  }
  if (isTroupeError(error)) {
    context.io.stderr.write(`Error: ${error.message}\n`);
    return isUsageError(error) ? EXIT.usage : EXIT.failure;
  }
  context.io.stderr.write(
    `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT.failure;
}
