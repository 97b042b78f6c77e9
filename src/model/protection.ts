/**
 * What the scan saw when the answer to the main page was not the site's own: a protection layer's
 * block, challenge or rate-limit answer, or a redirect of every request to a login page on another
 * host. The HTTP probe records it (probes/protection.ts); checks read it to say "not measured" with
 * these words instead of grading a block page as the site. The words live here, beside the shapes,
 * because the probe's note and the checks' reasons must say the same thing.
 */

/** The kinds of answer a protection layer gives instead of the page. */
export type ProtectionKind = 'block' | 'challenge' | 'rate_limit';

/** A block, challenge or rate-limit answer, and the facts that identified it. */
export interface ProtectionAnswer {
  kind: ProtectionKind;
  /** Id of the layer in the table (model/protection-layers.ts); absent for a bare 429 with Retry-After. */
  layer?: string;
  /** The layer's name as users know it ("Cloudflare"); absent with `layer`. */
  layerName?: string;
  /** The answer in words: "a challenge page", "a block page". */
  answer: string;
  /**
   * The exact facts, each as received: `status 403`, `cf-mitigated: challenge`, `body: "Sorry, you
   * have been blocked"`. Header values are the target's bytes: renderers escape them.
   */
  markers: string[];
  url: string;
  status: number;
  /** The redirect chains whose final response was such an answer (the main page's chain always). */
  chains: ('https' | 'http')[];
}

/** A response's protection answer without where it was seen (exposure and WordPress path answers carry this). */
export type ProtectionFacts = Omit<ProtectionAnswer, 'url' | 'chains'>;

/** Every request ended on a login page on another host: that page is the login provider's, not the application. */
export interface LoginRedirect {
  kind: 'login_redirect';
  /** The login page's host. */
  host: string;
  url: string;
  /** Why it reads as a login page: the URL's path, a password field, the host's first label. */
  markers: string[];
}

export type ProtectionVerdict = ProtectionAnswer | LoginRedirect;

/** The part of the User-Agent a site can allow-list (model/scanner.ts builds the whole string). */
export const USER_AGENT_TOKEN = 'Scorifya/';

const KIND_WORDS: Record<ProtectionKind, string> = { block: 'block', challenge: 'challenge', rate_limit: 'rate limit' };

/** What happened, in one sentence, naming the layer, the URL and the proof (the HTTP probe's note). */
export function describeProtection(verdict: ProtectionVerdict): string {
  if (verdict.kind === 'login_redirect') {
    return `every request to the site ends on a login page on another host, ${verdict.host} (${verdict.url}; ${verdict.markers.join(', ')}): that page is the login provider's, not the application's`;
  }
  const who = verdict.layerName ?? 'the server';
  return `${who} answered ${verdict.url} with ${verdict.answer} (${verdict.markers.join(', ')}), a ${KIND_WORDS[verdict.kind]} and not the site's page`;
}

/** How to get a real result, in one sentence, with what to allow-list (the HTTP probe's note). */
export function protectionAdvice(verdict: ProtectionVerdict): string {
  if (verdict.kind === 'login_redirect') {
    return `to grade the application, scan a public page of it that does not redirect to the login, or scan ${verdict.host} on its own if it is yours`;
  }
  const allowList = `requests whose User-Agent contains "${USER_AGENT_TOKEN}" or the scanner's IP address`;
  if (!verdict.layerName) {
    return `to get a real result, wait as long as Retry-After says and scan again, or exempt ${allowList} from the rate limit`;
  }
  return `to get a real result, allow-list the scanner in ${verdict.layerName} (${allowList}) and scan again`;
}

/** Who answered instead of the site and the proof, in a clause: the short form for category reasons. */
export function protectionSummary(verdict: ProtectionVerdict, where = 'the main page'): string {
  if (verdict.kind === 'login_redirect') return `every request ends on a login page on another host (${verdict.host}), not the site`;
  return `${verdict.layerName ?? 'the server'} answered ${where} with ${verdict.answer} (${verdict.markers.join(', ')}), not the site`;
}

/** What to do, in a clause: the short form for category reasons (the note says what to allow-list). */
export function briefAdvice(verdict: Pick<ProtectionAnswer, 'kind' | 'layerName'> | LoginRedirect): string {
  if (verdict.kind === 'login_redirect') return 'to grade the application, scan a public page of it that does not redirect to the login';
  return verdict.layerName ? `to get a real result, allow-list the scanner in ${verdict.layerName} and scan again` : 'to get a real result, wait as long as Retry-After says and scan again';
}

/** The reason a category or check is not judged: `security headers not judged: Cloudflare answered …; to get a real result …`. */
export function protectionReason(verdict: ProtectionVerdict, what: string, where?: string): string {
  return `${what} not judged: ${protectionSummary(verdict, where)}; ${briefAdvice(verdict)}`;
}
