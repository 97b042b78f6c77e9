/**
 * Dangling CNAMEs: the host or a common subdomain is an alias for a name that no longer resolves.
 * When the target belongs to a hosting service where anyone can claim the freed name, the alias can
 * be taken over, so the finding is critical.
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { dns } from './common.js';

/** Hosting suffixes where a released name can be registered by someone else. */
export const TAKEOVER_PRONE_SUFFIXES = [
  'herokuapp.com', 'herokudns.com', 'github.io', 'azurewebsites.net', 'cloudapp.net', 'cloudapp.azure.com',
  'trafficmanager.net', 'blob.core.windows.net', 'azureedge.net', 's3.amazonaws.com', 'elasticbeanstalk.com',
  'cloudfront.net', 'bitbucket.io', 'ghost.io', 'myshopify.com', 'surge.sh', 'pantheonsite.io', 'netlify.app',
  'readthedocs.io', 'wordpress.com', 'zendesk.com', 'helpscoutdocs.com', 'webflow.io', 'fly.dev', 'vercel.app',
];

export function takeoverService(name: string): string | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (/\.s3-website[.-][a-z0-9-]+\.amazonaws\.com$/.test(n)) return 's3-website';
  return TAKEOVER_PRONE_SUFFIXES.find((s) => n === s || n.endsWith(`.${s}`));
}

export const danglingCnameCheck: Check = {
  name: 'dns/dangling-cname',
  category: 'dns',
  ids: ['dns_dangling_cname'],
  // A freed name on a hosting service is claimed back or the alias removed at once; a target that merely
  // does not resolve is repointed or removed; a loop is a chain of aliases to untangle.
  causes: { dns_dangling_cname: ['claimable_service_name', 'target_missing', 'cname_loop'] },
  reads: ['dns'],
  run(evidence) {
    const d = dns(evidence);
    const out: CheckResult[] = [];
    for (const c of d.cnames) {
      const target = c.chain[c.chain.length - 1] ?? '';
      const path = [c.name, ...c.chain].join(' → ');
      if (c.outcome === 'nxdomain' || c.outcome === 'nodata') {
        const service = c.chain.map(takeoverService).find(Boolean);
        out.push({
          id: 'dns_dangling_cname',
          cause: service ? 'claimable_service_name' : 'target_missing',
          severity: service ? 'critical' : 'high',
          title: service
            ? `${c.name} points at ${target} on ${service}, which no longer exists: anyone who claims that name controls ${c.name}`
            : `${c.name} is an alias for ${target}, which does not resolve`,
          evidence: `CNAME ${path}: ${c.outcome === 'nxdomain' ? 'NXDOMAIN' : 'no address records'}`,
          location: c.name,
        });
      } else if (c.outcome === 'loop') {
        out.push({ id: 'dns_dangling_cname', cause: 'cname_loop', severity: 'medium', title: `${c.name} is part of a CNAME loop and never resolves`, evidence: `CNAME ${path}`, location: c.name });
      }
    }
    return out;
  },
};
