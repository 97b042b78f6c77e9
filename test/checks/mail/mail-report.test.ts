/**
 * The per-MX table in the terminal and HTML reports: shown with every check (passing ones too), and
 * escaped, since host names, reasons and certificate names come from DNS and from the MX.
 */
import { describe, expect, it } from 'vitest';
import { rescore } from '../../../src/engine/rescore.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { renderHtml } from '../../../src/report/html.js';
import { mailEvidence, mx, tlsSession } from '../../support/mail-evidence.js';

describe('mail transport in the reports', () => {
  it('the terminal shows each check of a passing MX', () => {
    const out = renderTerminal(rescore(mailEvidence()), { color: false });
    expect(out).toContain('Mail transport (each MX on port 25)\n  MX 10 mail.site.example (192.0.2.25)\n    STARTTLS      ok          offered; handshake completed with TLSv1.3');
    expect(out).toMatch(/Certificate\s+ok\s+mail\.site\.example; trusted; name matches; valid until 2026-03-01/);
  });

  it('escapes what the MX and DNS control, in both renderers', () => {
    const hostile = mailEvidence([
      mx({ tls: tlsSession({ names: ['<script>alert(1)</script>', 'evil\u001b[31mred'], nameMatches: false }) }),
      mx({ host: 'mx2.site.example', outcome: 'not_measured', reason: 'sent "<img src=x onerror=alert(1)>\u0007"', tls: undefined }),
    ]);
    const report = rescore(hostile);
    const html = renderHtml(report);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    const term = renderTerminal(report, { color: false });
    expect(term).not.toContain('\u001b[31m');
    expect(term).not.toContain('\u0007');
    expect(term).toContain('not measured: sent "<img src=x onerror=alert(1)>');
  });
});
