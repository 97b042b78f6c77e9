/**
 * The data behind the Notices page: the software seen in the latest finished scan of each host,
 * matched against the advisory data loaded now. A CVE published after a scan therefore shows up here
 * without re-scanning, as long as the stored report lists the software and its version.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Report } from '../model/report.js';
import type { SoftwareItem } from '../model/software.js';
import type { AdvisoryData } from '../checks/cve/advisory-types.js';
import { advisoriesFor, productName } from '../checks/cve/checks.js';

export interface NoticeHost {
  host: string;
  scanId: string;
  scannedAt: number;
  version: string;
}

export interface Notice {
  ids: string[];
  title: string;
  severity: string;
  published: string | null;
  fixedIn: string | null;
  source: string | null;
  product: string;
  productLabel: string;
  kind: SoftwareItem['kind'];
  hosts: NoticeHost[];
}

export interface NoticesView {
  notices: Notice[];
  hostsScanned: number;
  /** Distinct software (kind, product, version) seen with a version in those scans: only these can be matched. */
  softwareSeen: number;
  /** How many of those an advisory listed here affects. */
  softwareAffected: number;
}

/** How many recent finished scans are read; older hosts drop off the page. */
const SCAN_WINDOW = 1000;

export async function collectNotices(db: Kysely<Database>, data: AdvisoryData, limit = 200): Promise<NoticesView> {
  const rows = await db
    .selectFrom('scans')
    .select(['id', 'host', 'report', 'created_at'])
    .where('status', '=', 'done')
    .where('tool', 'is', null)
    // Public page: what only a signed-in scan saw stays behind that scan's link.
    .where('site_headers', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(SCAN_WINDOW)
    .execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.host)) latest.set(row.host, row);
  const byAdvisory = new Map<string, Notice>();
  const software = new Set<string>();
  const affected = new Set<string>();
  for (const row of latest.values()) {
    let report: Report | undefined;
    try {
      report = row.report ? (JSON.parse(row.report) as Report) : undefined;
    } catch {
      report = undefined;
    }
    for (const item of report?.software ?? []) {
      if (!item || typeof item.product !== 'string' || !item.version) continue;
      const key = `${item.kind}:${item.product}@${item.version}`;
      software.add(key);
      const matches = advisoriesFor(item, data);
      if (matches.length) affected.add(key);
      for (const m of matches) {
        const advisory = `${item.kind}:${item.product}:${m.ids.join(',')}`;
        const notice = byAdvisory.get(advisory) ?? {
          ids: m.ids,
          title: m.title,
          severity: m.severity,
          published: m.published ?? null,
          fixedIn: m.fixedIn ?? null,
          source: m.source ?? null,
          product: item.product,
          productLabel: productName(item),
          kind: item.kind,
          hosts: [],
        };
        if (!notice.hosts.some((h) => h.host === row.host)) notice.hosts.push({ host: row.host, scanId: row.id, scannedAt: Number(row.created_at), version: item.version! });
        byAdvisory.set(advisory, notice);
      }
    }
  }
  const notices = [...byAdvisory.values()].sort((a, b) => (b.published ?? '').localeCompare(a.published ?? '') || a.ids[0]!.localeCompare(b.ids[0]!));
  return { notices: notices.slice(0, limit), hostsScanned: latest.size, softwareSeen: software.size, softwareAffected: affected.size };
}
