/**
 * Learn explainers, parsed from content/learn/<topic>.md. Like finding content, the words live in
 * Markdown; this module checks their shape and that every check they point to really exists.
 *
 * File format:
 *   ---
 *   topic: hsts                (must equal the file name)
 *   title: What is HSTS? …
 *   summary: One or two sentences for cards and link previews.
 *   ---
 *   Intro paragraph(s).
 *   ## Any number of topic sections
 *   ## Related checks          (bullets, each one finding id in backticks: "- `missing_hsts`")
 *   ## Try the focused tools   (bullets of free text)
 * The last two sections close the page, in that order.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SCORING_TABLE } from '../scoring/table.js';
import { CONTENT_DIR } from './load.js';
import { parseFrontMatter, splitSections } from './markdown.js';

export interface LearnSection {
  /** Heading text as written. */
  heading: string;
  body: string;
}

export interface LearnPage {
  topic: string;
  title: string;
  summary: string;
  intro: string;
  /** Topic sections in document order, without the two closing sections. */
  sections: LearnSection[];
  relatedChecks: string[];
  tools: string[];
}

const RELATED = 'Related checks';
const TOOLS = 'Try the focused tools';
const TOPIC_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Parses one explainer. `knownIds` is the set of finding ids a Related checks entry may name;
 * `fileName` is used in error messages and, without its `.md`, must equal the topic.
 */
export function parseLearnPage(source: string, fileName: string, knownIds: ReadonlySet<string>): LearnPage {
  const { meta, body } = parseFrontMatter(source, fileName);
  for (const key of ['topic', 'title', 'summary']) {
    if (!meta[key]) throw new Error(`${fileName}: front matter lacks '${key}'`);
  }
  const topic = meta.topic!;
  if (!TOPIC_NAME.test(topic)) throw new Error(`${fileName}: topic '${topic}' is not a lower-case slug`);
  if (fileName.endsWith('.md') && `${topic}.md` !== fileName) {
    throw new Error(`${fileName}: topic '${topic}' does not match the file name`);
  }

  const headings = headingsInOrder(body);
  const sections = splitSections(body, 2);
  // splitSections keys by lower-cased heading, so a repeated heading would silently merge two sections.
  if (sections.size - 1 !== headings.length) throw new Error(`${fileName}: a '## ' heading appears twice`);

  const intro = (sections.get('') ?? '').trim();
  if (!intro) throw new Error(`${fileName}: no introduction before the first '## ' heading`);

  const last = headings.slice(-2).map((h) => h.toLowerCase());
  if (last[0] !== RELATED.toLowerCase() || last[1] !== TOOLS.toLowerCase()) {
    throw new Error(`${fileName}: the page must end with '## ${RELATED}' then '## ${TOOLS}'`);
  }
  const topicSections = headings.slice(0, -2).map((heading) => ({
    heading,
    body: sections.get(heading.toLowerCase())!.trim(),
  }));
  if (topicSections.length === 0) throw new Error(`${fileName}: no topic sections before '## ${RELATED}'`);
  for (const s of topicSections) {
    if (!s.body) throw new Error(`${fileName}: section '## ${s.heading}' is empty`);
  }

  const relatedChecks = bullets(sections.get(RELATED.toLowerCase())!, RELATED, fileName).map((item) => {
    const id = /^`([a-z0-9_]+)`$/.exec(item)?.[1];
    if (!id) throw new Error(`${fileName}: '${item}' under '## ${RELATED}' is not one finding id in backticks`);
    if (!knownIds.has(id)) throw new Error(`${fileName}: related check '${id}' is not in the scoring table`);
    return id;
  });
  const duplicate = relatedChecks.find((id, i) => relatedChecks.indexOf(id) !== i);
  if (duplicate) throw new Error(`${fileName}: related check '${duplicate}' is listed twice`);

  return {
    topic,
    title: meta.title!,
    summary: meta.summary!,
    intro,
    sections: topicSections,
    relatedChecks,
    tools: bullets(sections.get(TOOLS.toLowerCase())!, TOOLS, fileName),
  };
}

/** The bullet items of a section; any other non-blank line is an error, so nothing is dropped silently. */
function bullets(text: string, section: string, fileName: string): string[] {
  const items: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const item = /^[-*]\s+(.*\S)\s*$/.exec(line)?.[1];
    if (!item) throw new Error(`${fileName}: '## ${section}' may only hold bullets, found '${line.trim()}'`);
    items.push(item);
  }
  if (items.length === 0) throw new Error(`${fileName}: '## ${section}' has no bullets`);
  return items;
}

/** Level-2 headings as written, in order, skipping fenced code (the same rule splitSections applies). */
function headingsInOrder(body: string): string[] {
  const headings: string[] = [];
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith('```')) inFence = !inFence;
    else if (!inFence && line.startsWith('## ')) headings.push(line.slice(3).trim());
  }
  return headings;
}

let cache: Map<string, LearnPage> | undefined;

/** All Learn explainers keyed by topic, validated against the scoring table. Parsed once. */
export function learnPages(): Map<string, LearnPage> {
  if (cache) return cache;
  const dir = join(CONTENT_DIR, 'learn');
  const known = new Set(Object.keys(SCORING_TABLE));
  const map = new Map<string, LearnPage>();
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
      const page = parseLearnPage(readFileSync(join(dir, file), 'utf8'), file, known);
      map.set(page.topic, page);
    }
  }
  cache = map;
  return map;
}
