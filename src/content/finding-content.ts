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
 */
import { parseFrontMatter, splitSections } from './markdown.js';

export interface Snippet {
  stack: string;
  lang: string;
  code: string;
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
}

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
  const steps = section('Fix steps')
    .split('\n')
    .map((line) => /^\s*\d+\.\s+(.*)$/.exec(line)?.[1])
    .filter((s): s is string => Boolean(s));
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
  };
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
