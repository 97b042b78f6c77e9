/**
 * Caddyfiles for the fix-proof test: the broken site, and the same site built from each finding's
 * Caddy snippet from content/findings (Caddy snippets are whole site blocks).
 */
import { join } from 'node:path';
import {
  CONTROL,
  HEADER_FIX_CASES,
  SITE_FIX_IDS,
  hostFor,
  snippetFor,
  type LabFiles,
  type LabPorts,
  type Mode,
  type SiteFixId,
} from './fix-cases.js';
import { topLevelBlocks } from './fix-nginx.js';

const content = (ports: LabPorts, path: string) => `\trewrite * ${path}\n\treverse_proxy 127.0.0.1:${ports.backend}`;

const site = (address: string, files: LabFiles, body: string) => `${address} {\n\ttls ${files.cert} ${files.key}\n${body}\n}`;

/**
 * A site-block snippet made runnable in the lab. Only these things change: example.com becomes the
 * case's host name, each site gets the lab certificate, absolute https:// redirect targets gain the lab
 * port (the reader's are on 443), and a site's `root`/`file_server` (the reader's files) become the
 * lab's content (a proxy to the backend; without HSTS where the site sets HSTS itself, as files do
 * not carry it); a site that redirects gets no content.
 */
export function adaptSiteSnippet(code: string, host: string, files: LabFiles, ports: LabPorts, contentPath: string): string[] {
  const adapted = code.replaceAll('example.com', host).replace(/https:\/\/([\w.-]+)(?=\{uri\})/g, `https://$1:${ports.front}`);
  return topLevelBlocks(adapted).map((block) => {
    const body = block
      .replace(/^[^{]*\{/, '')
      .replace(/\}$/, '')
      .split('\n')
      .filter((line) => !/^\s*(root|file_server)\b/.test(line))
      .join('\n');
    const address = block.slice(0, block.indexOf('{')).trim();
    // A site that sets HSTS itself serves files, which bring no HSTS header of their own.
    const page = /Strict-Transport-Security/.test(body) ? '/site-no-hsts' : contentPath;
    const serves = /^\s*redir\b/m.test(body) ? '' : `\n${content(ports, page)}`;
    return site(address, files, `${body.trim() ? `\t${body.trim()}` : ''}${serves}`);
  });
}

function siteBlocks(id: SiteFixId, mode: Mode, files: LabFiles, ports: LabPorts): string[] {
  const host = hostFor(id);
  const www = `www.${host}`;
  switch (id) {
    case 'no_https_redirect': {
      // Broken: an http:// block that serves the site, which also switches off Caddy's own redirect.
      if (mode === 'broken') {
        return [`http://${host} {\n${content(ports, '/site-good')}\n}`, site(`https://${host}`, files, content(ports, '/site-good'))];
      }
      return adaptSiteSnippet(snippetFor(id, 'Caddy'), host, files, ports, '/site-good');
    }
    case 'hsts_over_http_only': {
      // Broken: an http:// block that only adds the header and redirects.
      if (mode === 'broken') {
        return [
          `http://${host} {\n\theader Strict-Transport-Security "max-age=31536000; includeSubDomains"\n\tredir https://${host}:${ports.front}{uri} permanent\n}`,
          site(`https://${host}`, files, content(ports, '/site-no-hsts')),
        ];
      }
      return adaptSiteSnippet(snippetFor(id, 'Caddy'), host, files, ports, '/site-no-hsts');
    }
    case 'redirect_offhost_first': {
      // Broken: http://apex goes straight to https://www.
      if (mode === 'broken') {
        const toWww = `\tredir https://${www}:${ports.front}{uri} permanent`;
        return [`http://${host} {\n${toWww}\n}`, site(`https://${host}`, files, toWww), site(`https://${www}`, files, content(ports, '/site-good'))];
      }
      return adaptSiteSnippet(snippetFor(id, 'Caddy'), host, files, ports, '/site-good');
    }
  }
}

/** One site per header case: the snippet's own site block, with the lab certificate and content. */
function headerBlocks(mode: Mode, files: LabFiles, ports: LabPorts): string[] {
  const control = site(CONTROL.host, files, content(ports, CONTROL.path));
  return [control, ...HEADER_FIX_CASES.map((c) => {
    const host = hostFor(c.id);
    if (mode === 'broken') return site(host, files, content(ports, `/${c.id}`));
    const blocks = topLevelBlocks(snippetFor(c.id, 'Caddy').replaceAll('example.com', host));
    if (blocks.length !== 1) throw new Error(`${c.id}: expected one site block in the Caddy snippet, got ${blocks.length}`);
    const block = blocks[0]!;
    return block.replace(/^([^{]*\{)/, `$1\n\ttls ${files.cert} ${files.key}\n${content(ports, `/${c.id}`)}`);
  })];
}

export function caddyConfig(mode: Mode, files: LabFiles, ports: LabPorts): string {
  const d = files.dir;
  const global = [
    '{',
    '\tadmin off',
    // Certificates come from the lab CA; Caddy must never try to obtain one (no ACME, no network).
    '\tauto_https disable_certs',
    '\tskip_install_trust',
    `\thttp_port ${ports.plain}`,
    `\thttps_port ${ports.tls}`,
    '\tdefault_bind 127.0.0.1',
    `\tstorage file_system ${join(d, 'data')}`,
    `\tlog {\n\t\toutput file ${join(d, 'caddy.log')}\n\t\tlevel WARN\n\t}`,
    '}',
  ].join('\n');
  return [global, ...headerBlocks(mode, files, ports), ...SITE_FIX_IDS.flatMap((id) => siteBlocks(id, mode, files, ports)), ''].join('\n\n');
}
