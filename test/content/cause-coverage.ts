/** The two-way match between the causes checks declare and the causes content gives a fix for. */
import type { FindingContent } from '../../src/content/finding-content.js';

export function causeCoverageProblems(declared: ReadonlyMap<string, ReadonlySet<string>>, content: ReadonlyMap<string, Pick<FindingContent, 'causes'>>): string[] {
  const problems: string[] = [];
  for (const [id, causes] of declared) {
    const written = content.get(id)?.causes;
    for (const c of causes) if (!written?.has(c)) problems.push(`${id}: cause '${c}' can be emitted but has no '## Fix steps (cause: ${c})'`);
  }
  for (const [id, c] of content) {
    for (const cause of c.causes.keys()) {
      if (!declared.get(id)?.has(cause)) problems.push(`${id}: content has a fix for cause '${cause}', which no check emits`);
    }
  }
  return problems;
}
