/**
 * An in-memory SpfResolver serving one scenario's `zonedata` from the pyspf/openspf YAML suites, with the
 * conventions those suites define for their drivers: SPF-type (99) records are copied to TXT when a
 * name has no TXT of its own ("TXT: NONE" suppresses that), `TIMEOUT` makes queries fail, and one level
 * of CNAME is followed. No network is involved.
 */
import { parseAllDocuments } from 'yaml';
import { readFileSync } from 'node:fs';
import type { Lookup, MxRecord, TxtRecord } from '../../src/model/dns.js';
import type { SpfResolver } from '../../src/net/dns/spf-evaluate.js';

type Rdata = string | Record<string, unknown>;
export interface SpfSuiteTest {
  description?: string;
  spec?: string | string[];
  helo: string;
  host: string;
  mailfrom: string;
  result: string | string[];
  explanation?: string;
  receiver?: string;
}
export interface SpfScenario {
  description: string;
  tests: Record<string, SpfSuiteTest>;
  zonedata?: Record<string, Rdata[] | null>;
}

export function loadSuite(path: string): SpfScenario[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as SpfScenario);
}

type Entry = { type: string; value: unknown } | 'TIMEOUT';

export class ZoneResolver implements SpfResolver {
  private readonly zone = new Map<string, Entry[]>();
  /** Every query asked, for the report of a failing case. */
  readonly asked: string[] = [];

  constructor(zonedata: Record<string, Rdata[] | null> = {}) {
    for (const [name, rdata] of Object.entries(zonedata)) {
      const entries: Entry[] = [];
      const list = rdata ?? [];
      const hasTxt = list.some((r) => typeof r === 'object' && 'TXT' in r);
      for (const r of list) {
        if (r === 'TIMEOUT') {
          entries.push('TIMEOUT');
          continue;
        }
        if (typeof r !== 'object') continue;
        for (const [type, value] of Object.entries(r)) {
          if (value === 'NONE') continue;
          entries.push({ type, value });
          if (type === 'SPF' && !hasTxt) entries.push({ type: 'TXT', value });
        }
      }
      this.zone.set(key(name), entries);
    }
  }

  private query<T>(name: string, type: string, map: (value: unknown) => T, cnameDepth = 0): Lookup<T> {
    this.asked.push(`${type} ${name}`);
    if (name.split('.').some((l) => l.length > 63)) return { name, status: 'error', records: [], code: 'ELABEL' };
    const entries = this.zone.get(key(name));
    if (!entries) return { name, status: 'nxdomain', records: [] };
    const records: T[] = [];
    let seenType = false;
    for (const e of entries) {
      if (e === 'TIMEOUT') {
        if (!seenType) return { name, status: 'error', records: [], code: 'ETIMEOUT' };
        continue;
      }
      if (e.type === type) {
        seenType = true;
        if (e.value === 'TIMEOUT') return { name, status: 'error', records: [], code: 'ETIMEOUT' };
        records.push(map(e.value));
      } else if (e.type === 'CNAME' && cnameDepth === 0) {
        const followed = this.query(String(e.value), type, map, 1);
        if (followed.status === 'error') return { ...followed, name };
        records.push(...followed.records);
      }
    }
    return { name, status: records.length ? 'ok' : 'nodata', records };
  }

  async txt(name: string): Promise<Lookup<TxtRecord>> {
    return this.query(name, 'TXT', (v) => {
      const text = Array.isArray(v) ? v.map(String).join('') : String(v);
      return { text, strings: Array.isArray(v) ? v.length : 1, bytes: Buffer.byteLength(text) };
    });
  }
  async a(name: string): Promise<Lookup<string>> {
    return this.query(name, 'A', String);
  }
  async aaaa(name: string): Promise<Lookup<string>> {
    return this.query(name, 'AAAA', String);
  }
  async mx(name: string): Promise<Lookup<MxRecord>> {
    return this.query(name, 'MX', (v) => {
      const [priority, exchange] = v as [number, string];
      return { priority, exchange: String(exchange).toLowerCase().replace(/\.$/, '') };
    });
  }
  async ptr(name: string): Promise<Lookup<string>> {
    return this.query(name, 'PTR', (v) => String(v));
  }
}

function key(name: string): string {
  return name.toLowerCase().replace(/\.$/, '').split('.').filter((l) => l).join('.');
}
