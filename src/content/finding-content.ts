/**
 * Content for one finding id, parsed from content/findings/<id>.md. The words live in Markdown so
 * writers never touch code; this module only parses and validates their shape.
 *
 * File format:
 *   ---
 *   id: missing_hsts
 *   title: HSTS missing
 *   category: headers
 *   explainer: hsts            (a content/learn/<topic>.md file)
 *   ---
 *   Intro paragraph(s).
 *   ## Why it matters
 *   ## Real-world risk
 *   ## Fix steps              (an ordered list: "1. …")
 *   ## Configurations         (### nginx / ### Apache / ### Caddy / ### Express, each one fenced block)
 *
 * An id whose cause can differ (see Check.causes) adds, per cause, the fix for that cause:
 *   ## Fix steps (cause: exists_macro)
 *   One paragraph that names the cause as the reader will recognise it.
 *   1. …                      (an ordered list, as in Fix steps)
 *   ## Configurations (cause: exists_macro)   (optional; without it the general configurations apply)
 * The general sections stay: they are the fix when a finding carries no cause (a report saved before
 * causes existed), and the check page shows them beside each cause's own.
 */
import { parseFrontMatter, splitSections } from './markdown.js';

export interface Snippet {
  stack: string;
  lang: string;
  code: string;
}

/** The fix for one cause of a finding id. */
export interface CauseContent {
  id: string;
  /** The cause in the reader's words (target-free: the finding's title and evidence carry the specifics). */
  summary: string;
  steps: string[];
  /** Its own configurations, or undefined when the general ones fit this cause too. */
  snippets?: Snippet[];
}

export interface FindingContent {
  id: string;
  title: string;
  category: string;
  explainer: string;
  intro: string;
  why: string;
  risk: string;
  steps: string[];
  snippets: Snippet[];
  /** Fixes by cause, for ids whose cause can differ; empty otherwise. */
  causes: Map<string, CauseContent>;
}

const CAUSE_SECTION = /^(fix steps|configurations) \(cause: ([^)]*)\)$/;
const CAUSE_ID = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

export const REQUIRED_STACKS = ['nginx', 'Apache', 'Caddy', 'Express'] as const;

export function parseFindingContent(source: string, fileName: string): FindingContent {
  const { meta, body } = parseFrontMatter(source, fileName);
  for (const key of ['id', 'title', 'category', 'explainer']) {
    if (!meta[key]) throw new Error(`${fileName}: front matter lacks '${key}'`);
  }
  const sections = splitSections(body, 2);
  const section = (name: string): string => {
    const text = sections.get(name.toLowerCase());
    if (text === undefined || !text.trim()) throw new Error(`${fileName}: missing section '## ${name}'`);
    return text.trim();
  };
  const steps = orderedList(section('Fix steps'));
  if (steps.length === 0) throw new Error(`${fileName}: '## Fix steps' needs an ordered list`);
  return {
    id: meta.id!,
    title: meta.title!,
    category: meta.category!,
    explainer: meta.explainer!,
    intro: (sections.get('') ?? '').trim(),
    why: section('Why it matters'),
    risk: section('Real-world risk'),
    steps,
    snippets: parseSnippets(section('Configurations'), fileName),
    causes: parseCauses(sections, fileName),
  };
}

function orderedList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^\s*\d+\.\s+(.*)$/.exec(line)?.[1])
    .filter((s): s is string => Boolean(s));
}

/** The `(cause: …)` sections: each cause needs a summary and steps; configurations are optional. */
function parseCauses(sections: Map<string, string>, fileName: string): Map<string, CauseContent> {
  const causes = new Map<string, CauseContent>();
  const configurations = new Map<string, string>();
  for (const [name, text] of sections) {
    const m = CAUSE_SECTION.exec(name);
    if (!m) continue;
    const [, kind, id] = m as unknown as [string, string, string];
    if (!CAUSE_ID.test(id)) throw new Error(`${fileName}: cause '${id}' is not a snake_case id`);
    if (kind === 'configurations') {
      configurations.set(id, text);
      continue;
    }
    const summary = text.split(/\n\s*\d+\.\s/)[0]!.trim();
    const steps = orderedList(text);
    if (!summary || /^\d+\.\s/.test(summary)) throw new Error(`${fileName}: cause '${id}' needs a sentence naming the cause before its steps`);
    if (steps.length === 0) throw new Error(`${fileName}: cause '${id}' needs an ordered list of fix steps`);
    causes.set(id, { id, summary: summary.replace(/\s*\n\s*/g, ' '), steps });
  }
  for (const [id, text] of configurations) {
    const cause = causes.get(id);
    if (!cause) throw new Error(`${fileName}: '## Configurations (cause: ${id})' has no '## Fix steps (cause: ${id})'`);
    if (!text.trim()) throw new Error(`${fileName}: '## Configurations (cause: ${id})' is empty`);
    cause.snippets = parseSnippets(text, fileName);
  }
  return causes;
}

function parseSnippets(text: string, fileName: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const [stack, body] of splitSections(text, 3)) {
    if (!stack) continue;
    const fence = /```([\w+-]*)\n([\s\S]*?)```/.exec(body);
    if (!fence) throw new Error(`${fileName}: configuration '${stack}' has no fenced code block`);
    snippets.push({ stack: properStackName(stack), lang: fence[1] || 'text', code: fence[2]!.replace(/\n$/, '') });
  }
  return snippets;
}

function properStackName(heading: string): string {
  const known = REQUIRED_STACKS.find((s) => s.toLowerCase() === heading.toLowerCase());
  return known ?? heading;
}
