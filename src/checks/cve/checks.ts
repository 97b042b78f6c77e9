/**
 * The CVE checks: the software inventory matched against the vendored advisory data. One finding per
 * piece of software and version, listing every advisory that applies, the worst severity and the
 * version that fixes them all. Nothing is reported for software whose version the site did not show.
 */
import type { Check } from '../check.js';
import type { CheckResult, Severity } from '../../model/finding.js';
import type { SoftwareItem } from '../../model/software.js';
import type { AdvisoryData } from './advisory-types.js';
import { defaultAdvisoryData } from './advisory-data.js';
import { softwareInventory } from './inventory.js';
import { matchRetire, matchTable, worstSeverity, type Match } from './match.js';
import { compareVersions } from './version-order.js';

const MAX_IDS_IN_TITLE = 3;

/** The advisories that apply to one inventory item, by the data set that covers its kind. */
export function advisoriesFor(item: SoftwareItem, data: AdvisoryData): Match[] {
  if (!item.version) return [];
  switch (item.kind) {
    case 'js_library':
      return matchRetire(data.js.libraries[item.product]?.vulnerabilities ?? [], item.version);
    case 'server':
      return matchTable(data.servers.advisories, item.product, item.version);
    case 'cms':
      return item.product === 'wordpress' ? matchTable(data.wordpressCore.advisories, 'wordpress', item.version) : [];
    case 'wp_plugin':
      return matchTable(data.wordpressPlugins.advisories, item.product, item.version);
    default:
      return [];
  }
}

/** The lowest version that fixes every matched advisory (the highest of their fixes). */
export function fixingVersion(matches: readonly Match[]): string | undefined {
  const fixes = matches.map((m) => m.fixedIn).filter((f): f is string => !!f);
  return fixes.sort(compareVersions).at(-1);
}

const PRODUCT_NAMES: Record<string, string> = { nginx: 'nginx', apache: 'Apache httpd', openssl: 'OpenSSL', wordpress: 'WordPress' };
export const productName = (item: Pick<SoftwareItem, 'kind' | 'product'>) => PRODUCT_NAMES[item.product] ?? item.product;

function findingFor(id: string, item: SoftwareItem, matches: Match[], datasetDate: string, what: string): CheckResult {
  const ids = [...new Set(matches.flatMap((m) => m.ids))];
  const cves = ids.filter((i) => i.startsWith('CVE-'));
  const fixedIn = fixingVersion(matches);
  // The title names advisories, one id each (its CVE when it has one): an advisory listed as a CVE and
  // a GHSA id is one advisory, so "and N more" counts advisories, never identifiers.
  const labels = [...new Set(matches.map((m) => m.ids.find((i) => i.startsWith('CVE-')) ?? m.ids[0] ?? m.title))].sort((a, b) => Number(b.startsWith('CVE-')) - Number(a.startsWith('CVE-')));
  const shown = labels.slice(0, MAX_IDS_IN_TITLE).join(', ');
  const rest = labels.length - MAX_IDS_IN_TITLE;
  const more = rest > 0 ? ` and ${rest} more ${rest === 1 ? 'advisory' : 'advisories'}` : '';
  let severity: Severity = worstSeverity(matches);
  const lines = [
    `${what} ${productName(item)} ${item.version} (${item.source}: ${item.evidence})`,
    ...matches.map((m) => `${m.ids.join(', ')} [${m.severity}]${m.fixedIn ? ` fixed in ${m.fixedIn}` : ''}: ${m.title}`),
    fixedIn ? `Upgrade to ${fixedIn} or later.` : 'No fixed version is published for every advisory.',
  ];
  if (item.distribution) {
    // Distribution packages keep the upstream number while backporting fixes: say so, and count it less.
    lines.push(`The banner names a ${item.distribution} build: the distribution may have backported these fixes without changing the version.`);
    severity = 'low';
  }
  lines.push(`Advisory data of ${datasetDate}.`);
  return {
    id,
    severity,
    title: `${productName(item)} ${item.version} is affected by ${shown}${more}`,
    evidence: lines.join('\n'),
    location: item.location,
    details: {
      software: item.product,
      kind: item.kind,
      version: item.version,
      ids,
      cves,
      fixedIn: fixedIn ?? null,
      advisories: matches.map((m) => ({ ids: m.ids, severity: m.severity, fixedIn: m.fixedIn ?? null, title: m.title, source: m.source ?? null })),
      dataset: datasetDate,
    },
  };
}

interface CveCheckSpec {
  name: string;
  id: string;
  category: Check['category'];
  reads: string[];
  kinds: SoftwareItem['kind'][];
  what: string;
  dataset: (data: AdvisoryData) => string;
}

const SPECS: CveCheckSpec[] = [
  { name: 'cve/js-libraries', id: 'vulnerable_js_library', category: 'exposure', reads: ['http', 'exposure'], kinds: ['js_library'], what: 'The page loads', dataset: (d) => `retire.js ${d.js.source.date}` },
  { name: 'cve/server-versions', id: 'vulnerable_server_version', category: 'exposure', reads: ['http', 'exposure'], kinds: ['server'], what: 'A response header announces', dataset: (d) => d.servers.updated },
  { name: 'cve/wordpress-core', id: 'wp_core_vulnerable', category: 'wordpress', reads: ['wordpress'], kinds: ['cms'], what: 'The site runs', dataset: (d) => d.wordpressCore.updated },
  { name: 'cve/wordpress-plugins', id: 'wp_plugin_vulnerable', category: 'wordpress', reads: ['wordpress', 'http'], kinds: ['wp_plugin'], what: 'The site loads the plugin', dataset: (d) => d.wordpressPlugins.updated },
];

/** The four checks read one inventory: built once per evidence object (checks run after all probes). */
const inventories = new WeakMap<object, { data: AdvisoryData; items: SoftwareItem[] }>();
function inventoryOf(evidence: Parameters<Check['run']>[0], data: AdvisoryData): SoftwareItem[] {
  const hit = inventories.get(evidence);
  if (hit && hit.data === data) return hit.items;
  const items = softwareInventory(evidence, data.js);
  inventories.set(evidence, { data, items });
  return items;
}

export function createCveChecks(data: () => AdvisoryData = defaultAdvisoryData): Check[] {
  return SPECS.map((spec) => ({
    name: spec.name,
    category: spec.category,
    ids: [spec.id],
    reads: spec.reads,
    run(evidence) {
      const d = data();
      const results: CheckResult[] = [];
      for (const item of inventoryOf(evidence, d)) {
        if (!spec.kinds.includes(item.kind)) continue;
        const matches = advisoriesFor(item, d);
        if (matches.length) results.push(findingFor(spec.id, item, matches, spec.dataset(d), spec.what));
      }
      return results;
    },
  }));
}

export const CVE_CHECKS: Check[] = createCveChecks();
