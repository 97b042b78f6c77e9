/**
 * The one cap rule (src/scoring/caps.ts): every capping rule names a class per severity, the cap a
 * report shows is that class's cap, every critical finding caps below a passing grade, and lesser
 * caps sit at the bottom of the grade SSL Labs gives.
 */
import { describe, expect, it } from 'vitest';
import { CAP_CLASSES, CAP_CLASS_IDS, capClassFor, capSummary, capTable } from '../../src/scoring/caps.js';
import { GRADE_SCALE, PASSING_MIN } from '../../src/scoring/grade.js';
import { SCORING_TABLE } from '../../src/scoring/table.js';
import { scoreReport } from '../../src/scoring/score.js';
import { runChecks } from '../../src/checks/run.js';
import { SEVERITIES, type Severity } from '../../src/model/finding.js';
import type { ScoringRule } from '../../src/scoring/rule.js';
import { GOOD_HEADERS, siteWithHeaders } from '../support/evidence.js';

/** Every severity a row can be reported with: its default and each severity its points name. */
const severitiesOf = (rule: ScoringRule): Severity[] =>
  SEVERITIES.filter((s) => s === rule.severity || (typeof rule.points === 'object' && s in rule.points));

/** A scan of a clean site plus one finding of this id at this severity. */
function reportWith(id: string, severity: Severity, extra: { id: string; severity: Severity }[] = []) {
  const e = siteWithHeaders(GOOD_HEADERS);
  const rule = SCORING_TABLE[id]!;
  const check = {
    name: 'test/one',
    category: rule.category,
    ids: [...new Set([id, ...extra.map((x) => x.id)])],
    reads: ['http'],
    run: () => [{ id, severity }, ...extra].map((x) => ({ id: x.id, severity: x.severity, title: x.id, evidence: '', location: 'https://site.example/' })),
  };
  return scoreReport(e, runChecks([check], e));
}

describe('the cap classes', () => {
  it('critical classes cap below the lowest passing score, lesser classes at the bottom of a passing grade', () => {
    for (const c of capTable()) {
      if (c.tier === 'critical') expect(c.cap, c.id).toBeLessThan(PASSING_MIN);
      else expect(GRADE_SCALE.filter((g) => g.min >= PASSING_MIN).map((g) => g.min), c.id).toContain(c.cap);
    }
    expect(PASSING_MIN).toBe(60);
  });

  it('each class says what kind of failure it is and where its number comes from, and is used by some rule', () => {
    const used = new Set(Object.values(SCORING_TABLE).flatMap((r) => Object.values(r.cap ?? {})));
    for (const id of CAP_CLASS_IDS) {
      const c = CAP_CLASSES[id];
      expect(c.id).toBe(id);
      expect(c.kind.length, id).toBeGreaterThan(40);
      expect(c.sources.length, id).toBeGreaterThan(0);
      for (const s of c.sources) expect(s.says.length, `${id}: ${s.name}`).toBeGreaterThan(10);
      expect(used.has(id), `${id} is used by no rule`).toBe(true);
    }
    expect(capTable().map((c) => c.cap)).toEqual([...capTable().map((c) => c.cap)].sort((a, b) => a - b));
  });
});

describe('every rule follows the cap rule', () => {
  it('a rule that can be critical caps by a critical class at that severity', () => {
    const critical = Object.entries(SCORING_TABLE).filter(([, r]) => severitiesOf(r).includes('critical'));
    expect(critical.length).toBeGreaterThan(20);
    for (const [id, rule] of critical) {
      const cls = capClassFor(rule.cap, 'critical');
      expect(cls, `${id} can be critical but has no cap class`).toBeDefined();
      expect(cls!.tier, id).toBe('critical');
    }
  });

  it('a lesser severity caps only by a lesser class, and only at a severity the rule can carry', () => {
    for (const [id, rule] of Object.entries(SCORING_TABLE)) {
      for (const [severity, cls] of Object.entries(rule.cap ?? {})) {
        expect(severitiesOf(rule), `${id} caps at ${severity}, which it is never reported with`).toContain(severity);
        if (severity !== 'critical') expect(CAP_CLASSES[cls].tier, `${id} (${severity})`).toBe('lesser');
      }
    }
  });

  it('the cap a report shows is the class cap, for every capping rule at every capping severity', () => {
    let checked = 0;
    for (const [id, rule] of Object.entries(SCORING_TABLE)) {
      for (const severity of severitiesOf(rule)) {
        const cls = capClassFor(rule.cap, severity);
        const r = reportWith(id, severity);
        expect(r.caps, `${id} (${severity})`).toEqual(cls ? [{ id, cap: cls.cap, class: cls.id }] : []);
        if (cls) {
          expect(r.score!, `${id} (${severity})`).toBeLessThanOrEqual(cls.cap);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('the cap follows the severity the finding was reported with', () => {
    expect(reportWith('cert_weak_key', 'critical').caps).toEqual([{ id: 'cert_weak_key', cap: 30, class: 'impersonable' }]);
    expect(reportWith('cert_weak_key', 'high').caps).toEqual([{ id: 'cert_weak_key', cap: 80, class: 'legacy' }]);
    expect(reportWith('weak_dh', 'critical').caps[0]!.class).toBe('no_confidentiality');
    expect(reportWith('no_forward_secrecy', 'low').caps).toEqual([]);
    expect(reportWith('no_forward_secrecy', 'high').caps).toEqual([{ id: 'no_forward_secrecy', cap: 80, class: 'legacy' }]);
    // Two instances of one id: the lower cap stands.
    expect(reportWith('exposed_backup', 'high', [{ id: 'exposed_backup', severity: 'critical' }]).caps).toEqual([{ id: 'exposed_backup', cap: 30, class: 'compromised' }]);
  });

  it('the issue\'s example: RC4 and SSL 3.0 (both accepted, both refused by current browsers) cap alike, and every critical finding caps low', () => {
    expect(capClassFor(SCORING_TABLE.weak_cipher_rc4!.cap, 'high')).toBe(CAP_CLASSES.broken_legacy);
    expect(capClassFor(SCORING_TABLE.tls_protocol_ssl3!.cap, 'high')).toBe(CAP_CLASSES.broken_legacy);
    expect(SCORING_TABLE.tls_protocol_ssl3!.severity).toBe('high');
    for (const id of ['no_https', 'cert_expired', 'exposed_env', 'cors_origin_reflected_credentials', 'dnssec_bogus']) {
      expect(reportWith(id, 'critical').score!, id).toBeLessThan(PASSING_MIN);
    }
  });

  it('the words for a rule\'s caps name the class', () => {
    expect(capSummary(SCORING_TABLE.cert_weak_key!.cap)).toBe('30 when critical (Site impersonable), 80 when high (Legacy or weak configuration)');
    expect(capSummary(SCORING_TABLE.missing_hsts!.cap)).toBeNull();
  });
});
