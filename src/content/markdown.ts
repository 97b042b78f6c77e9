/** The tiny Markdown structure our content uses: front matter of `key: value` lines and headed sections. */

export function parseFrontMatter(source: string, fileName: string): { meta: Record<string, string>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`${fileName}: no front matter`);
  const meta: Record<string, string> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const kv = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!kv) throw new Error(`${fileName}: bad front matter line '${line}'`);
    meta[kv[1]!] = kv[2]!.trim();
  }
  return { meta, body: match[2]! };
}

/**
 * Splits on headings of exactly `level` hashes. Keys are the lower-cased heading text; the text
 * before the first heading is under ''. Headings inside fenced code blocks are ignored.
 */
export function splitSections(body: string, level: number): Map<string, string> {
  const sections = new Map<string, string>();
  const marker = '#'.repeat(level) + ' ';
  let current = '';
  let lines: string[] = [];
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith('```')) inFence = !inFence;
    if (!inFence && line.startsWith(marker)) {
      sections.set(current, lines.join('\n'));
      current = line.slice(marker.length).trim().toLowerCase();
      lines = [];
    } else {
      lines.push(line);
    }
  }
  sections.set(current, lines.join('\n'));
  return sections;
}
