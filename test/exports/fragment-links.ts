/** The ids and in-page links of an HTML document, read by a real HTML parser (htmlparser2), for anchor tests. */
import { Parser } from 'htmlparser2';

export interface Fragments {
  /** Every id attribute, in document order (duplicates kept, so a test can see them). */
  ids: string[];
  /** Every `href="#…"`, without the `#`, decoded. */
  links: string[];
}

export function fragments(html: string): Fragments {
  const ids: string[] = [];
  const links: string[] = [];
  const parser = new Parser(
    {
      onopentag(_name, attrs) {
        if (attrs.id !== undefined) ids.push(attrs.id);
        if (attrs.href?.startsWith('#')) links.push(decodeURIComponent(attrs.href.slice(1)));
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { ids, links };
}

/** Links whose target id is not in the document, and ids used twice: both must be empty. */
export function brokenFragments(html: string): { unresolved: string[]; duplicated: string[] } {
  const { ids, links } = fragments(html);
  const set = new Set(ids);
  return { unresolved: links.filter((l) => !set.has(l)), duplicated: ids.filter((id, i) => ids.indexOf(id) !== i) };
}
