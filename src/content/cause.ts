/**
 * The fix a reader sees for one finding. A finding that names its cause gets that cause's steps (and
 * configurations, when the cause has its own); one without a cause, or with a cause this build's
 * content does not know (a report stored by another version), gets the id's general fix.
 */
import type { FindingContent } from './finding-content.js';

export interface CauseFound {
  id: string;
  summary: string;
}

/** Finding content with the steps and snippets chosen for one finding, and the cause they answer. */
export interface ShownContent extends FindingContent {
  cause?: CauseFound;
}

export function contentForCause(content: FindingContent, cause: string | undefined): ShownContent {
  const specific = cause === undefined ? undefined : content.causes.get(cause);
  if (!specific) return content;
  return {
    ...content,
    steps: specific.steps,
    snippets: specific.snippets ?? content.snippets,
    cause: { id: specific.id, summary: specific.summary },
  };
}

/** The content for a finding, looked up by its id and cause; undefined when the id has no content. */
export function contentForFinding(all: ReadonlyMap<string, FindingContent>, finding: { id: string; cause?: string }): ShownContent | undefined {
  const content = all.get(finding.id);
  return content ? contentForCause(content, finding.cause) : undefined;
}
