/**
 * Reads a targets file: one URL or host name per line, `#` comments and blank lines skipped, or a CSV
 * file whose header row has a `url` column. Every line that is not a usable target is reported with
 * its line number and skipped; the rest of the file still runs.
 */
import { parseTargetInput } from '../engine/inputs.js';
import { splitCsvLine } from './csv.js';

export interface BatchTarget {
  /** 1-based line number in the file. */
  line: number;
  /** The target as written (trimmed); the key the output and `--resume` use. */
  input: string;
  /** Host name or IP literal: the unit of politeness (one running scan per host). */
  host: string;
}

export interface BadLine {
  line: number;
  text: string;
  reason: string;
}

export interface TargetList {
  targets: BatchTarget[];
  bad: BadLine[];
  /** Lines naming a target already listed earlier (scanned once). */
  duplicates: number;
  format: 'lines' | 'csv';
}

/** The comment part of a line: `#` at the start or after whitespace (a URL fragment `a#b` stays). */
const stripComment = (line: string) => line.replace(/(^|\s)#.*$/, '').trim();

export function parseTargets(text: string): TargetList {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const targets: BatchTarget[] = [];
  const bad: BadLine[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let urlColumn: number | undefined;
  let format: TargetList['format'] = 'lines';
  let headerChecked = false;

  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = stripComment(raw);
    if (!content) return;
    if (!headerChecked) {
      headerChecked = true;
      // A CSV file announces itself by a header row with a `url` column.
      const header = splitCsvLine(content).map((h) => h.toLowerCase());
      if (header.length > 1 || header[0] === 'url') {
        const at = header.indexOf('url');
        if (at >= 0) {
          urlColumn = at;
          format = 'csv';
          return;
        }
      }
    }
    let candidate = content;
    if (urlColumn !== undefined) {
      candidate = splitCsvLine(content)[urlColumn] ?? '';
      if (!candidate) return void bad.push({ line, text: raw, reason: `no value in the url column (column ${urlColumn + 1})` });
    } else if (/[,\s]/.test(content)) {
      return void bad.push({ line, text: raw, reason: 'more than one value on the line (a CSV file needs a header row with a url column)' });
    }
    try {
      const target = parseTargetInput(candidate);
      if (seen.has(target.url)) {
        duplicates++;
        return;
      }
      seen.add(target.url);
      targets.push({ line, input: candidate.trim(), host: target.host });
    } catch (error) {
      bad.push({ line, text: raw, reason: (error as Error).message });
    }
  });
  return { targets, bad, duplicates, format };
}
