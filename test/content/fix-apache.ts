/**
 * Apache configs for the fix-proof test: the broken site, and the same site with each finding's Apache
 * snippet from content/findings inserted into the HTTPS <VirtualHost>, where its comments put it.
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

const MODULES = ['mpm_event', 'authz_core', 'headers', 'ssl', 'socache_shmcb', 'rewrite', 'alias', 'proxy', 'proxy_http'];

/** The `<VirtualHost>` sections of a snippet, comments dropped. */
export function virtualHosts(code: string): string[] {
  const text = code.replace(/^\s*#[^\n]*\n?/gm, '');
  const hosts = [...text.matchAll(/<VirtualHost[^>]*>[\s\S]*?<\/VirtualHost>/g)].map((m) => m[0]);
  const rest = text.replace(/<VirtualHost[^>]*>[\s\S]*?<\/VirtualHost>/g, '').trim();
  if (rest) throw new Error(`text outside a <VirtualHost>: ${rest}`);
  return hosts;
}

const proxyTo = (ports: LabPorts, path: string) => `ProxyPass "/" "http://127.0.0.1:${ports.backend}${path}"`;

const tlsHost = (name: string, files: LabFiles, ports: LabPorts, body: string) =>
  [
    `<VirtualHost 127.0.0.1:${ports.tls}>`,
    ` ServerName ${name}`,
    ' SSLEngine on',
    ` SSLCertificateFile ${files.cert}`,
    ` SSLCertificateKeyFile ${files.key}`,
    body,
    '</VirtualHost>',
  ].join('\n');

const plainHost = (names: string[], ports: LabPorts, body: string) =>
  [`<VirtualHost 127.0.0.1:${ports.plain}>`, ` ServerName ${names[0]}`, ...names.slice(1).map((n) => ` ServerAlias ${n}`), body, '</VirtualHost>'].join('\n');

const upgrade = ' RewriteEngine on\n RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]';

/**
 * A whole-vhost snippet made runnable in the lab. Only these things change: example.com becomes the
 * case's host name, *:80 and *:443 become the lab's loopback ports, certificate paths point at the lab
 * certificate, absolute https:// redirect targets gain the lab port (the reader's are on 443), and each
 * HTTPS vhost that does not redirect gets the site's content (a proxy to the backend).
 */
export function adaptSiteSnippet(code: string, host: string, files: LabFiles, ports: LabPorts, contentPath: string): string[] {
  const adapted = code
    .replaceAll('example.com', host)
    .replace(/<VirtualHost \*:80>/g, `<VirtualHost 127.0.0.1:${ports.plain}>`)
    .replace(/<VirtualHost \*:443>/g, `<VirtualHost 127.0.0.1:${ports.tls}>`)
    .replace(/(SSLCertificateKeyFile\s+)\S+/g, `$1${files.key}`)
    .replace(/(SSLCertificateFile\s+)\S+/g, `$1${files.cert}`)
    .replace(/https:\/\/([\w.-]+)(?=\/)/g, `https://$1:${ports.front}`);
  return virtualHosts(adapted).map((vhost) =>
    /SSLEngine on/i.test(vhost) && !/^\s*(Redirect|RewriteRule)\b/m.test(vhost)
      ? vhost.replace(/<\/VirtualHost>$/, ` ${proxyTo(ports, contentPath)}\n</VirtualHost>`)
      : vhost,
  );
}

function siteHosts(id: SiteFixId, mode: Mode, files: LabFiles, ports: LabPorts): string[] {
  const host = hostFor(id);
  const www = `www.${host}`;
  switch (id) {
    case 'no_https_redirect': {
      const https = tlsHost(host, files, ports, proxyTo(ports, '/site-good'));
      if (mode === 'broken') return [plainHost([host, www], ports, proxyTo(ports, '/site-good')), https];
      return [...adaptSiteSnippet(snippetFor(id, 'Apache'), host, files, ports, '/site-good'), https];
    }
    case 'hsts_over_http_only': {
      if (mode === 'broken') {
        return [
          plainHost([host], ports, ` Header always set Strict-Transport-Security "max-age=31536000; includeSubDomains"\n${upgrade}`),
          tlsHost(host, files, ports, proxyTo(ports, '/site-no-hsts')),
        ];
      }
      return adaptSiteSnippet(snippetFor(id, 'Apache'), host, files, ports, '/site-no-hsts');
    }
    case 'redirect_offhost_first': {
      const wwwSite = tlsHost(www, files, ports, proxyTo(ports, '/site-good'));
      const toWww = ` Redirect permanent / https://${www}:${ports.front}/`;
      if (mode === 'broken') return [plainHost([host, www], ports, toWww), tlsHost(host, files, ports, toWww), wwwSite];
      return [...adaptSiteSnippet(snippetFor(id, 'Apache'), host, files, ports, '/site-good'), wwwSite];
    }
  }
}

function headerHosts(mode: Mode, files: LabFiles, ports: LabPorts): string[] {
  const vhosts = HEADER_FIX_CASES.map((c) => {
    const snippet = snippetFor(c.id, 'Apache');
    if (/^\s*<VirtualHost/m.test(snippet)) throw new Error(`${c.id}: expected header directives, got <VirtualHost> sections`);
    return tlsHost(hostFor(c.id), files, ports, `${mode === 'fixed' ? `${snippet}\n` : ''}${proxyTo(ports, `/${c.id}`)}`);
  });
  vhosts.push(tlsHost(CONTROL.host, files, ports, proxyTo(ports, CONTROL.path)));
  vhosts.push(plainHost([...HEADER_FIX_CASES.map((c) => hostFor(c.id)), CONTROL.host], ports, upgrade));
  return vhosts;
}

export function apacheConfig(mode: Mode, files: LabFiles, ports: LabPorts): string {
  const d = files.dir;
  const asRoot = process.getuid?.() === 0;
  return [
    `ServerRoot ${d}`,
    `DefaultRuntimeDir ${d}`,
    `PidFile ${join(d, 'httpd.pid')}`,
    `ErrorLog ${join(d, 'error.log')}`,
    'LogLevel warn',
    'ServerName localhost',
    ...(asRoot ? ['User nobody', 'Group nogroup'] : []),
    ...MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
    'StartServers 1',
    'ServerLimit 1',
    'ThreadsPerChild 25',
    'MaxRequestWorkers 25',
    `Listen 127.0.0.1:${ports.plain}`,
    `Listen 127.0.0.1:${ports.tls}`,
    `SSLSessionCache shmcb:${join(d, 'ssl_scache')}(512000)`,
    // The first vhost of an address answers unknown names: a wrong Host never lands on a case.
    plainHost(['default.invalid'], ports, ' Redirect 404 /'),
    tlsHost('default.invalid', files, ports, ' Redirect 404 /'),
    ...headerHosts(mode, files, ports),
    ...SITE_FIX_IDS.flatMap((id) => siteHosts(id, mode, files, ports)),
    '',
  ].join('\n');
}
