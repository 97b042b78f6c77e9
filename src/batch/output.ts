/**
 * The results file. Each finished target becomes exactly one line, written with a single write call,
 * so an interrupted batch leaves only whole lines behind. `--resume` reads the file back, drops a torn
 * last line (a crash mid-write), and reports which targets are already done.
 */
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Report } from '../model/report.js';
import { CATEGORY_IDS } from '../model/finding.js';
import { InputError } from '../engine/errors.js';
import { withArithmetic } from '../report/arithmetic.js';
import { csvField, splitCsvLine } from './csv.js';
import { failedLine, outcomeFromJson, type BatchOutcome } from './outcome.js';

export type OutputFormat = 'jsonl' | 'csv';

export const CSV_COLUMNS = ['url', 'status', 'score', 'grade', ...CATEGORY_IDS, 'findings', 'duration_ms', 'error'] as const;

export const formatForPath = (path: string): OutputFormat => (/\.csv$/i.test(path) ? 'csv' : 'jsonl');

export function formatLine(format: OutputFormat, outcome: BatchOutcome, report: Report | null): string {
  // A report line is the JSON report `scorifya scan --json` prints for the same target: with its arithmetic.
  if (format === 'jsonl') return JSON.stringify(report ? withArithmetic(report) : failedLine(outcome)) + '\n';
  const cells = [
    csvField(outcome.input),
    outcome.status,
    csvField(outcome.score),
    csvField(outcome.grade),
    ...CATEGORY_IDS.map((id) => csvField(outcome.categories[id])),
    csvField(outcome.findingIds.join(' ')),
    String(outcome.durationMs),
    csvField(outcome.reason, true),
  ];
  return cells.join(',') + '\n';
}

export interface ResultsWriter {
  readonly format: OutputFormat;
  write(outcome: BatchOutcome, report: Report | null): void;
  close(): void;
}

/**
 * Results to a file (appending when resuming) or to a stream (stdout). A file line goes out in one
 * synchronous write, so a stop between targets never leaves half a line.
 */
export function openResultsWriter(target: { path: string; append: boolean } | { stream: NodeJS.WritableStream }, format: OutputFormat): ResultsWriter {
  if ('stream' in target) {
    if (format === 'csv') target.stream.write(CSV_COLUMNS.join(',') + '\n');
    return { format, write: (outcome, report) => void target.stream.write(formatLine(format, outcome, report)), close: () => undefined };
  }
  const fd = openSync(target.path, target.append ? 'a' : 'w');
  if (format === 'csv' && fstatSync(fd).size === 0) writeSync(fd, CSV_COLUMNS.join(',') + '\n');
  return {
    format,
    write(outcome, report) {
      const text = Buffer.from(formatLine(format, outcome, report));
      let offset = 0;
      while (offset < text.length) offset += writeSync(fd, text, offset);
    },
    close: () => closeSync(fd),
  };
}

export interface ExistingResults {
  outcomes: BatchOutcome[];
  /** Bytes of a torn last line that were cut off. */
  truncatedBytes: number;
}

/** Read an output file for `--resume`. A missing file is an empty one. */
export function readExistingResults(path: string, format: OutputFormat): ExistingResults {
  if (!existsSync(path)) return { outcomes: [], truncatedBytes: 0 };
  const buffer = readFileSync(path);
  // Only whole lines count; a torn tail from a crash is cut so appending starts on a fresh line.
  const end = buffer.lastIndexOf(0x0a) + 1;
  const truncatedBytes = buffer.length - end;
  if (truncatedBytes > 0) {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, end);
    } finally {
      closeSync(fd);
    }
  }
  const lines = buffer.subarray(0, end).toString('utf8').split('\n').filter(Boolean);
  const outcomes: BatchOutcome[] = [];
  if (format === 'jsonl') {
    lines.forEach((line, i) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new InputError(`--resume: line ${i + 1} of ${path} is not JSON; is it a scorifya batch output?`);
      }
      const outcome = outcomeFromJson(parsed);
      if (!outcome) throw new InputError(`--resume: line ${i + 1} of ${path} is not a scorifya report`);
      outcomes.push(outcome);
    });
  } else if (lines.length) {
    const header = splitCsvLine(lines[0]!);
    if (header.join(',') !== CSV_COLUMNS.join(',')) throw new InputError(`--resume: ${path} does not start with the batch CSV header`);
    for (const line of lines.slice(1)) outcomes.push(outcomeFromCsv(splitCsvLine(line)));
  }
  return { outcomes, truncatedBytes };
}

function outcomeFromCsv(cells: string[]): BatchOutcome {
  const cell = (name: (typeof CSV_COLUMNS)[number]) => cells[CSV_COLUMNS.indexOf(name)] ?? '';
  const num = (text: string) => (text === '' ? null : Number(text));
  const status = cell('status');
  const error = cell('error').replace(/^'(?=[=+\-@\t])/, '');
  return {
    input: cell('url'),
    status: status === 'done' || status === 'unmeasured' ? status : 'failed',
    score: num(cell('score')),
    grade: cell('grade') || null,
    categories: Object.fromEntries(CATEGORY_IDS.map((id) => [id, num(cell(id))])),
    findingIds: cell('findings').split(' ').filter(Boolean),
    durationMs: Number(cell('duration_ms')) || 0,
    reason: error || null,
  };
}
