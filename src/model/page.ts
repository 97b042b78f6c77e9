/**
 * What the page loads, as the HTML says it: the subresources (scripts, style sheets, frames, plugins,
 * images, media) and the form targets of the primary page, extracted once by the HTTP probe so that
 * every check that judges the page's content reads the same list. Plain JSON.
 */

/** One URL-bearing attribute of one element, resolved the way a browser resolves it. */
export interface PageSubresource {
  /** Element name, lower-case: `script`, `link`, `iframe`, `img`, `form` … */
  tag: string;
  /** The attribute the URL came from: `src`, `href`, `data`, `srcset`, `poster`, `action`, `formaction`. */
  attr: string;
  /** Absolute URL, resolved against the document's base URL; the raw value when it does not parse. */
  url: string;
  /** The `integrity` attribute as written (scripts and links), when present. */
  integrity?: string;
  /** The `crossorigin` attribute as written ('' when present without a value). */
  crossorigin?: string;
  /** The `rel` attribute of a `<link>`, lower-case. */
  rel?: string;
  /** The `type` attribute (scripts, objects, embeds, sources), lower-case and trimmed. */
  type?: string;
}

export interface PageSubresources {
  /** The URL every relative reference was resolved against: the page's final URL, or its `<base href>`. */
  baseUrl: string;
  resources: PageSubresource[];
  /**
   * False when the list may be incomplete: the element cap or the nesting cap stopped the parse, or the
   * body itself was cut. A check may still report what it saw, but absence proves less.
   */
  complete: boolean;
  /** Why the list is incomplete, in words. */
  cut?: string;
}

/** How many URL-bearing attributes one page may record; past it the parse stops (a hostile page). */
export const PAGE_MAX_RESOURCES = 1_000;
/** URLs longer than this are recorded cut to this length (the origin, which the checks judge, comes first). */
export const PAGE_MAX_URL = 2_048;

/** Whether a response is read as an HTML page (its Content-Type says so, or its body opens with a tag). */
export function looksLikeHtml(contentType: readonly string[], body: string): boolean {
  return /html/i.test(contentType.join(',')) || /^\s*</.test(body);
}
