/** docs/finding-causes.md lists every multi-cause id and each of its causes, and no cause that does not exist. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { declaredCauses } from '../../src/checks/run.js';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'finding-causes.md'), 'utf8');
const declared = declaredCauses(ALL_CHECKS);

/** The page's table of causes under each `#### \`id\`` heading. */
function documented(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const part of doc.split(/^#### /m).slice(1)) {
    const section = part.split(/^#{2,3} /m)[0]!;
    const id = /^`([a-z0-9_]+)`/.exec(section)?.[1];
    if (!id) continue;
    out.set(id, new Set([...section.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]!)));
  }
  return out;
}

describe('docs/finding-causes.md', () => {
  it('has a section for every multi-cause id listing exactly its causes', () => {
    const listed = documented();
    expect([...listed.keys()].sort()).toEqual([...declared.keys()].sort());
    for (const [id, causes] of declared) expect([...listed.get(id)!].sort(), id).toEqual([...causes].sort());
  });
});
