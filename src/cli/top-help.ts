/**
 * `scorifya --help` and `scorifya --version` without commander: the answer is known from the command
 * table alone, and loading commander (with the CommonJS analysis Node does for an ES module importing
 * it) was a third of what the CLI added to Node's own start. The layout is commander's, to the space;
 * test/unit/cli-top-help.test.ts renders both and compares them.
 */
import { COMMANDS, PROGRAM } from './command-table.js';

/** Below this many columns for a description, commander does not wrap, and neither do we. */
const MIN_WRAP_WIDTH = 40;

/** What this command line asks for, when it is only the top-level help or the version. */
export function quickAnswer(argv: readonly string[]): 'help' | 'version' | undefined {
  const args = argv.slice(2);
  if (args.length !== 1) return undefined;
  if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') return 'help';
  if (args[0] === '--version' || args[0] === '-V') return 'version';
  return undefined;
}

export function topLevelHelp(width = 80): string {
  const options: [string, string][] = [
    ['-V, --version', 'output the version number'],
    ['-h, --help', 'display help for command'],
  ];
  const commands: [string, string][] = [...Object.values(COMMANDS).map(([usage, summary]): [string, string] => [usage, summary]), ['help [command]', 'display help for command']];
  const termWidth = Math.max(...[...options, ...commands].map(([term]) => term.length));
  const items = (list: [string, string][]) => list.map(([term, text]) => item(term, text, termWidth, width)).join('\n');
  const description = (width < MIN_WRAP_WIDTH ? [PROGRAM.description] : wrap(PROGRAM.description, width)).join('\n');
  return `Usage: ${PROGRAM.name} [options] [command]\n\n${description}\n\nOptions:\n${items(options)}\n\nCommands:\n${items(commands)}\n`;
}

/** Two spaces, the term padded to the widest, two spaces, the text wrapped to the width under itself. */
function item(term: string, text: string, termWidth: number, width: number): string {
  const textWidth = width - termWidth - 4;
  const lines = textWidth < MIN_WRAP_WIDTH ? [text] : wrap(text, textWidth);
  return `  ${term.padEnd(termWidth)}  ${lines.join(`\n${' '.repeat(termWidth + 4)}`)}`;
}

/** Greedy wrap at spaces: as many words on a line as fit in `width`; a longer word stands alone. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}
