/**
 * nginx configs for the fix-proof test: the broken site, and the same site with each finding's nginx
 * snippet from content/findings inserted where its comment says (server level of the HTTPS server).
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

/** Split text into its top-level `{ … }` blocks (with what precedes each), ignoring comments. */
export function topLevelBlocks(code: string): string[] {
  const text = code.replace(/#[^\n]*/g, '');
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) {
      blocks.push(text.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  if (text.slice(start).trim()) throw new Error(`text outside a block: ${text.slice(start).trim()}`);
  return blocks;
}

const proxyTo = (ports: LabPorts, path: string) => `location / { proxy_pass http://127.0.0.1:${ports.backend}${path}; }`;

const tlsServer = (names: string, files: LabFiles, ports: LabPorts, body: string) =>
  `server {\n listen 127.0.0.1:${ports.tls} ssl;\n server_name ${names};\n ssl_certificate ${files.cert};\n ssl_certificate_key ${files.key};\n${body}\n}`;

const plainServer = (names: string, ports: LabPorts, body: string) =>
  `server {\n listen 127.0.0.1:${ports.plain};\n server_name ${names};\n${body}\n}`;

/** `return 301 https://…` as the lab needs it: the scanned port instead of the default 443. */
const upgrade = (ports: LabPorts, host = '$host') => `return 301 https://${host}:${ports.front}$request_uri;`;

/**
 * A whole-server snippet made runnable in the lab. Only these things change: example.com becomes the
 * case's host name, ports 80/443 become the lab's loopback ports, certificate paths point at the lab
 * certificate, absolute https:// redirect targets gain the lab port (the reader's are on 443), and
 * each HTTPS server that does not redirect gets the site's content (a proxy to the backend).
 */
export function adaptSiteSnippet(code: string, host: string, files: LabFiles, ports: LabPorts, contentPath: string): string[] {
  const adapted = code
    .replaceAll('example.com', host)
    .replace(/listen\s+80\s*;/g, `listen 127.0.0.1:${ports.plain};`)
    .replace(/listen\s+443\s+ssl\s*;/g, `listen 127.0.0.1:${ports.tls} ssl;`)
    .replace(/(ssl_certificate_key\s+)\S+;/g, `$1${files.key};`)
    .replace(/(ssl_certificate\s+)\S+;/g, `$1${files.cert};`)
    .replace(/https:\/\/(\$host|[\w.-]+)(?=\$request_uri)/g, `https://$1:${ports.front}`);
  return topLevelBlocks(adapted).map((block) =>
    /listen\s+\S+\s+ssl/.test(block) && !/\breturn\s/.test(block)
      ? block.replace(/\}$/, ` ${proxyTo(ports, contentPath)}\n}`)
      : block,
  );
}

/** Server blocks for one site case, broken or with the snippet. */
function siteServers(id: SiteFixId, mode: Mode, files: LabFiles, ports: LabPorts): string[] {
  const host = hostFor(id);
  const www = `www.${host}`;
  switch (id) {
    case 'no_https_redirect': {
      // Broken: plain HTTP serves the site itself. Fixed: the snippet's port-80 server redirects.
      const https = tlsServer(host, files, ports, proxyTo(ports, '/site-good'));
      if (mode === 'broken') return [plainServer(`${host} ${www}`, ports, proxyTo(ports, '/site-good')), https];
      return [...adaptSiteSnippet(snippetFor(id, 'nginx'), host, files, ports, '/site-good'), https];
    }
    case 'hsts_over_http_only': {
      // Broken: the header is added on the port-80 redirect only. Fixed: the snippet's two servers.
      if (mode === 'broken') {
        return [
          plainServer(host, ports, ` add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;\n ${upgrade(ports)}`),
          tlsServer(host, files, ports, proxyTo(ports, '/site-no-hsts')),
        ];
      }
      return adaptSiteSnippet(snippetFor(id, 'nginx'), host, files, ports, '/site-no-hsts');
    }
    case 'redirect_offhost_first': {
      // Broken: http://apex goes straight to https://www. Fixed: the snippet's two steps.
      const wwwSite = tlsServer(www, files, ports, proxyTo(ports, '/site-good'));
      if (mode === 'broken') {
        return [plainServer(`${host} ${www}`, ports, upgrade(ports, www)), tlsServer(host, files, ports, upgrade(ports, www)), wwwSite];
      }
      return [...adaptSiteSnippet(snippetFor(id, 'nginx'), host, files, ports, '/site-good'), wwwSite];
    }
  }
}

/** Server blocks for the header cases: one HTTPS server per id, plain HTTP redirecting to it. */
function headerServers(mode: Mode, files: LabFiles, ports: LabPorts): string[] {
  const servers = HEADER_FIX_CASES.map((c) => {
    const snippet = snippetFor(c.id, 'nginx');
    if (/^\s*server\s*\{/m.test(snippet)) throw new Error(`${c.id}: expected header directives, got server blocks`);
    const inserted = mode === 'fixed' ? `${snippet}\n` : '';
    return tlsServer(hostFor(c.id), files, ports, `${inserted}${proxyTo(ports, `/${c.id}`)}`);
  });
  servers.push(tlsServer(CONTROL.host, files, ports, proxyTo(ports, CONTROL.path)));
  servers.push(plainServer([...HEADER_FIX_CASES.map((c) => hostFor(c.id)), CONTROL.host].join(' '), ports, upgrade(ports)));
  return servers;
}

export function nginxConfig(mode: Mode, files: LabFiles, ports: LabPorts): string {
  const d = files.dir;
  const servers = [...headerServers(mode, files, ports), ...SITE_FIX_IDS.flatMap((id) => siteServers(id, mode, files, ports))];
  return [
    `pid ${join(d, 'nginx.pid')};`,
    `error_log ${join(d, 'error.log')} warn;`,
    'daemon off;',
    'worker_processes 1;',
    'events { worker_connections 512; }',
    'http {',
    ' access_log off;',
    ' default_type text/html;',
    ' server_names_hash_bucket_size 128;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => ` ${t}_temp_path ${join(d, `${t}_temp`)};`),
    // A catch-all that answers nothing useful, so a wrong Host never lands on a case by accident.
    ` server { listen 127.0.0.1:${ports.plain} default_server; return 421; }`,
    ` server { listen 127.0.0.1:${ports.tls} ssl default_server; ssl_certificate ${files.cert}; ssl_certificate_key ${files.key}; return 421; }`,
    ...servers,
    '}',
    '',
  ].join('\n');
}
