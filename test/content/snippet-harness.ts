/**
 * Helpers for checking the configuration snippets in content/findings: pull out the header values
 * each stack sets, and wrap a snippet into a complete config file its own server can syntax-check.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface HeaderSetting {
  name: string;
  value: string;
}

/** Headers a snippet sets to a literal value, per stack syntax. Removals and hides are not included. */
export function headersSet(stack: string, code: string): HeaderSetting[] {
  const found: HeaderSetting[] = [];
  const lines = code.split('\n').filter((line) => !/^\s*(#|\/\/)/.test(line));
  for (const line of lines) {
    let m: RegExpExecArray | null = null;
    if (stack === 'nginx') m = /^\s*add_header\s+([\w-]+)\s+(?:"([^"]*)"|'([^']*)')(?:\s+always)?\s*;\s*$/.exec(line);
    else if (stack === 'Apache') m = /^\s*Header\s+(?:always\s+)?set\s+([\w-]+)\s+(?:"((?:\\.|[^"\\])*)"|'([^']*)')\s*$/.exec(line);
    else if (stack === 'Caddy') m = /^\s*(?:header\s+)?\+?([A-Z][\w-]*)\s+(?:"([^"]*)"|`([^`]*)`)\s*$/.exec(line);
    else if (stack === 'Express') m = /res\.setHeader\(\s*'([\w-]+)',\s*'([^']*)'\s*\)/.exec(line);
    if (!m) continue;
    const raw = m[2] ?? m[3] ?? '';
    found.push({ name: m[1]!, value: stack === 'Apache' ? raw.replace(/\\(.)/g, '$1') : raw });
  }
  // Express setHeader calls are often split over lines; catch those too.
  if (stack === 'Express') {
    for (const m of code.matchAll(/res\.setHeader\(\s*'([\w-]+)',\s*'([^']*)',?\s*\)/g)) {
      if (!found.some((h) => h.name === m[1] && h.value === m[2])) found.push({ name: m[1]!, value: m[2]! });
    }
  }
  return found;
}

export interface ValidationResult {
  ok: boolean;
  output: string;
}

async function attempt(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<ValidationResult> {
  try {
    const { stdout, stderr } = await run(cmd, args, { timeout: 20_000, env: env ?? process.env });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}

/** Certificate paths in snippets point at the reader's files; the check uses a throw-away pair. */
export interface CertPair {
  cert: string;
  key: string;
}

export async function makeCertPair(dir: string): Promise<CertPair> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const r = await attempt('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=example.com',
  ]);
  if (!r.ok) throw new Error(`openssl could not make a test certificate: ${r.output}`);
  return { cert, key };
}

export async function checkNginx(code: string, dir: string, certs: CertPair): Promise<ValidationResult> {
  const body = code
    .replace(/(ssl_certificate_key\s+)\S+;/g, `$1${certs.key};`)
    .replace(/(ssl_certificate\s+)\S+;/g, `$1${certs.cert};`);
  // A snippet is either whole server blocks or directives meant for one.
  const inner = /^server\s*\{/m.test(body) ? body : `server {\n listen 127.0.0.1:18080;\n${body}\n}`;
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `pid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'error.log')};\nevents {}\nhttp {\n access_log off;\n${inner}\n}\n`,
  );
  const r = await attempt('nginx', ['-t', '-q', '-p', dir, '-c', conf, '-e', join(dir, 'error.log')]);
  // With -q nginx prints only warnings and errors, so any output counts against the snippet.
  return { ok: r.ok && !r.output.trim(), output: r.output };
}

const APACHE_MODULES = ['mpm_event', 'authz_core', 'headers', 'ssl', 'rewrite', 'alias', 'dir', 'mime'];

export async function checkApache(code: string, dir: string, certs: CertPair): Promise<ValidationResult> {
  const body = code
    .replace(/(SSLCertificateKeyFile\s+)\S+/g, `$1${certs.key}`)
    .replace(/(SSLCertificateFile\s+)\S+/g, `$1${certs.cert}`);
  const conf = join(dir, 'apache2.conf');
  writeFileSync(
    conf,
    [
      `ServerRoot ${dir}`,
      `DefaultRuntimeDir ${dir}`,
      `PidFile ${join(dir, 'httpd.pid')}`,
      `ErrorLog ${join(dir, 'error.log')}`,
      'ServerName localhost',
      'Listen 127.0.0.1:18080',
      ...APACHE_MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
      body,
      '',
    ].join('\n'),
  );
  const r = await attempt('apache2', ['-t', '-f', conf]);
  // Example paths such as a DocumentRoot do not exist here; any other warning counts.
  const warnings = r.output.split('\n').filter((l) => /warn/i.test(l) && !/AH00112: Warning: DocumentRoot/.test(l));
  return { ok: r.ok && warnings.length === 0, output: r.output };
}

/**
 * `caddy adapt` parses the Caddyfile offline. `--validate` also provisions every module, so it only
 * runs inside a fresh network namespace (root can make one), where nothing can leave the machine.
 */
export async function checkCaddy(code: string, dir: string): Promise<ValidationResult> {
  const file = join(dir, 'Caddyfile');
  writeFileSync(file, `${code}\n`);
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
  const adapt = ['adapt', '--adapter', 'caddyfile', '--config', file];
  const r = process.getuid?.() === 0
    ? await attempt('unshare', ['-n', 'caddy', ...adapt, '--validate'], env)
    : await attempt('caddy', adapt, env);
  // Caddy accepts some mistakes with a warning (unformatted input, unclosed block at end of file).
  return { ok: r.ok && !/"level":"(warn|error)"/.test(r.output), output: r.output };
}

export async function checkExpressSyntax(code: string, dir: string): Promise<ValidationResult> {
  const file = join(dir, 'app.mjs');
  writeFileSync(file, `${code}\n`);
  return attempt(process.execPath, ['--check', file]);
}
