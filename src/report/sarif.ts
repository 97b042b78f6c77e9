/**
 * SARIF 2.1.0 export, for code-scanning dashboards (GitHub, GitLab, Azure DevOps …).
 *
 * One rule per finding id (words from content/), one result per finding. Results carry the finding id
 * as a partial fingerprint so a dashboard tracks the same problem across scans, and where it was seen
 * (see artifactPath). Target-controlled text is JSON-escaped by serialisation; control
 * and bidirectional characters are made visible as well, because viewers show messages verbatim.
 */
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { findingContent } from '../content/load.js';
import type { FindingContent } from '../content/finding-content.js';
import { contentForFinding, type ShownContent } from '../content/cause.js';
import { SCORING_TABLE } from '../scoring/table.js';
import { escapeTerminal } from './escape.js';
import { categoryRows } from './rows.js';
import { explainScore } from './arithmetic.js';
import { gradeText, measuredText } from '../scoring/grade.js';
import { SCORIFYA_VERSION } from '../model/scanner.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';
type Json = Record<string, unknown>;

export const SARIF_LEVEL: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** GitHub code scanning ranks security alerts by this 0–10 number on the rule ("security-severity"). */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

const EVIDENCE_IN_MESSAGE = 1000;

export function renderSarif(report: Report): Json {
  const content = findingContent();
  const ruleIds = [...new Set(report.findings.map((f) => f.id))];
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const measured = explainScore(report).measured;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Scorifya',
            version: SCORIFYA_VERSION,
            semanticVersion: SCORIFYA_VERSION,
            rules: ruleIds.map((id) => ruleFor(id, content.get(id))),
          },
        },
        automationDetails: { id: `scorifya/${report.target.host}/${report.startedAt}` },
        invocations: [
          {
            executionSuccessful: report.score !== null,
            startTimeUtc: report.startedAt,
            endTimeUtc: new Date(Date.parse(report.startedAt) + report.durationMs).toISOString(),
            toolExecutionNotifications: report.unavailable.map((u) => ({
              level: 'warning',
              // A check that could not judge names itself in its reason ("DNSSEC not measured: …").
              message: { text: visible(u.check ? u.reason : `${u.probe} not measured: ${u.reason}`) },
              descriptor: { id: u.check ?? u.probe },
            })),
          },
        ],
        results: report.findings.map((f) => resultFor(f, ruleIndex.get(f.id)!, contentForFinding(content, f))),
        properties: {
          target: report.target.url,
          score: report.score,
          grade: report.grade,
          gradePartial: report.gradePartial ?? false,
          gradeText: report.grade ? gradeText(report.grade, report.gradePartial) : null,
          measured: { ...measured, text: measuredText(measured) },
          caps: report.caps,
          categories: categoryRows(report),
        },
      },
    ],
  };
}

function ruleFor(id: string, words: FindingContent | undefined): Json {
  const rule = SCORING_TABLE[id];
  const severity = rule?.severity ?? 'medium';
  const out: Json = {
    id,
    name: id,
    shortDescription: { text: words?.title ?? id },
    defaultConfiguration: { level: SARIF_LEVEL[severity] },
    properties: { category: rule?.category ?? 'unknown', tags: ['security', rule?.category ?? 'unknown'], 'security-severity': SECURITY_SEVERITY[severity] },
  };
  if (words) {
    out.fullDescription = { text: firstParagraph(words.intro || words.why) };
    const steps = words.steps.map((s, i) => `${i + 1}. ${s}`).join('\n');
    out.help = {
      text: `${words.why}\n\nFix:\n${steps}`,
      markdown: `**Why it matters.** ${words.why}\n\n**Real-world risk.** ${words.risk}\n\n**Fix**\n\n${steps}`,
    };
  }
  return out;
}

function resultFor(f: Finding, index: number, shown: ShownContent | undefined): Json {
  const evidence = f.evidence.length > EVIDENCE_IN_MESSAGE ? `${f.evidence.slice(0, EVIDENCE_IN_MESSAGE)}…` : f.evidence;
  // The rule's help holds the id's general fix; a result whose cause is known carries that cause's fix.
  const causeFix = shown?.cause ? `\nCause: ${shown.cause.summary}\nFix:\n${shown.steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}` : '';
  return {
    ruleId: f.id,
    ruleIndex: index,
    level: SARIF_LEVEL[f.severity],
    message: { text: visible(evidence ? `${f.title}\nEvidence: ${evidence}${causeFix}` : `${f.title}${causeFix}`) },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: artifactPath(f) } },
        logicalLocations: [{ fullyQualifiedName: visible(f.location), kind: 'resource' }],
      },
    ],
    partialFingerprints: {
      'scorifyaFindingId/v1': f.id,
      'scorifyaInstance/v1': createHash('sha256').update(`${f.id}\n${f.location}`).digest('hex').slice(0, 32),
    },
    properties: {
      category: f.category,
      severity: f.severity,
      pointsLost: f.pointsLost,
      location: f.location,
      'security-severity': SECURITY_SEVERITY[f.severity],
      ...(f.cause !== undefined ? { cause: visible(f.cause) } : {}),
    },
  };
}

/**
 * Where a finding "lives", as a relative URI reference: `<category>/<scheme>/<host>/<path>` for a URL
 * (headers/https/example.com/login), `<category>/<name>` for a host, zone or record name
 * (dns/_dmarc.example.com). Code-scanning dashboards want every result to name an artifact, and
 * GitHub refuses absolute http(s) URIs there (it expects files of the checkout); a relative path that
 * is not in the repository is shown without a preview. The exact location stays in logicalLocations.
 */
export function artifactPath(f: Pick<Finding, 'category' | 'location'>): string {
  const url = parseUrl(f.location);
  const parts = url
    ? [url.protocol.replace(/:$/, ''), url.host, ...url.pathname.split('/').filter(Boolean).map(decodeSafely)]
    : [f.location || 'target'];
  return [f.category, ...parts].map((p) => encodeURIComponent(wellFormed(p))).join('/');
}

function parseUrl(text: string): URL | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** encodeURIComponent throws on a lone surrogate (possible in a hand-edited JSON report); U+FFFD stands in. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function decodeSafely(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const visible = (text: string) => escapeTerminal(text);
const firstParagraph = (text: string) => text.split(/\n\s*\n/)[0]!.trim();
