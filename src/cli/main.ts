#!/usr/bin/env node
/**
 * The `scorifya` command. Each sub-command lives in commands/ and is loaded only when it runs: the
 * engine, the web server and the queue are heavy, and `--help` or a scan should not pay for the
 * others. command-table.ts names every command for the top-level help without loading any of them,
 * and top-help.ts answers `--help` and `--version` without loading commander either.
 */
import { EXIT } from '../engine/exit-codes.js';
import { COMMANDS, PROGRAM } from './command-table.js';
import { quickAnswer, topLevelHelp } from './top-help.js';

const quick = quickAnswer(process.argv);
if (quick) {
  // Known from the table alone; commander is not loaded (src/cli/top-help.ts).
  process.stdout.write(quick === 'help' ? topLevelHelp(process.stdout.isTTY ? process.stdout.columns : 80) : `${PROGRAM.version}\n`);
} else {
  await run(process.argv);
}

async function run(argv: string[]): Promise<void> {
  const { Command, CommanderError } = await import('commander');

  const program = new Command(PROGRAM.name)
    .description(PROGRAM.description)
    .version(PROGRAM.version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  try {
    const chosen = chosenCommand(argv);
    if (chosen) {
      (await COMMANDS[chosen]![2]())(program);
    } else {
      // Top-level help or an unknown command: list every command without loading one.
      for (const [usage, summary] of Object.values(COMMANDS)) program.command(usage).description(summary).allowUnknownOption();
    }
    await program.parseAsync(argv);
  } catch (error) {
    // `--help` and `--version` end through commander's exit override with code 0: not a failure.
    if (error instanceof CommanderError && error.exitCode === 0) {
      process.exitCode = EXIT.OK;
      return;
    }
    // What tells the errors apart loads only when there is one: `--help` does not pay for it.
    (await import('./failure.js')).reportFailure(error, argv);
  }
}

/** The command this run is for: the first word after the options, or the one `help NAME` asks about. */
function chosenCommand(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined;
}
