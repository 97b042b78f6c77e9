/**
 * Content signatures for the exposure catalogue, one per probe name. A signature returns the proof
 * (a short, redacted quote) when the response really is the sensitive thing, else undefined. Status
 * codes alone never count: a signature needs file syntax, unique tokens or magic bytes, and text
 * formats are refused when the answer is an HTML page.
 */
import type { ExposureResponse } from '../../model/exposure.js';
import type { Severity } from '../../model/finding.js';
import { contentType, looksLikeHtml, parseJson, quote, redactAssignment, served } from './response.js';

export interface Signature {
  id: string;
  severity?: Severity;
  /** What it is, for the finding title: "Git repository metadata". */
  what: string;
  /** For an id whose fix depends on what was found (an Actuator is closed in Spring, ELMAH in web.config), the cause. */
  cause?: string;
  match(r: ExposureResponse): { proof: string; severity?: Severity } | undefined;
}

type Matcher = Signature['match'];

/** Text file formats: served, not HTML, and the regex found in the body. */
function textFile(pattern: RegExp, extra?: (r: ExposureResponse) => boolean, redact = false): Matcher {
  return (r) => {
    if (!served(r) || looksLikeHtml(r)) return undefined;
    const m = pattern.exec(r.body);
    if (!m || (extra && !extra(r))) return undefined;
    return { proof: quote(redact ? redactAssignment(m[0]) : m[0]) };
  };
}

function magic(prefixes: (string | RegExp)[]): Matcher {
  return (r) => {
    if (!served(r) || contentType(r).startsWith('text/html')) return undefined;
    for (const p of prefixes) {
      if (typeof p === 'string' ? r.body.startsWith(p) : p.test(r.body)) return { proof: `file starts with bytes ${hexHead(r.body)}` };
    }
    return undefined;
  };
}

function hexHead(body: string): string {
  return [...body.slice(0, 8)].map((c) => (c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')).join(' ');
}

function allOf(...patterns: RegExp[]): Matcher {
  return (r) => {
    if (!served(r)) return undefined;
    const hits = patterns.map((p) => p.exec(r.body));
    if (hits.some((h) => !h)) return undefined;
    return { proof: hits.map((h) => quote(h![0], 60)).join(' … ') };
  };
}

function json(test: (doc: Record<string, unknown>) => string | undefined): Matcher {
  return (r) => {
    if (!served(r)) return undefined;
    const doc = parseJson(r.body);
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
    const proof = test(doc as Record<string, unknown>);
    return proof ? { proof } : undefined;
  };
}

/** For non-HTML formats checked with allOf or by hand: an HTML page quoting them is not them. */
const notHtml = (inner: Matcher): Matcher => (r) => (looksLikeHtml(r) ? undefined : inner(r));

const GIT_HEAD = /^(?:ref: refs\/\S+|[0-9a-f]{40}|[0-9a-f]{64})\s*$/;
const ENV_SECRET_LINE = /^(?:export\s+)?(?:APP_KEY|APP_SECRET|DB_PASSWORD|DB_HOST|DB_USERNAME|DATABASE_URL|SECRET_KEY|[A-Z][A-Z0-9_]*(?:SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY|ACCESS_KEY)[A-Z0-9_]*)\s*=\s*\S.*$/m;
const ENV_ANY_LINE = /^(?:export\s+)?[A-Z][A-Z0-9_]*=.*$/gm;
const HG_REQUIREMENT = /^[a-z0-9][a-z0-9-]*$/;
const SQL_STATEMENT = /^\s*(?:CREATE TABLE|DROP TABLE(?: IF EXISTS)?|INSERT INTO|LOCK TABLES|UNLOCK TABLES|ALTER TABLE|COPY\s+\S+\s+\(.*\)\s+FROM stdin)\b[^\n]*/im;
const PRIVATE_KEY = /^-----BEGIN (?:RSA |OPENSSH |EC |DSA |ENCRYPTED )?PRIVATE KEY-----/;
const LISTING_TITLE = /<title>\s*(index of \/[^<]*|directory listing for \/[^<]*|[^<]*directory listing -- \/[^<]*)<\/title>/i;

const envFile: Matcher = (r) => {
  if (!served(r) || looksLikeHtml(r)) return undefined;
  const secret = ENV_SECRET_LINE.exec(r.body);
  const lines = r.body.match(ENV_ANY_LINE) ?? [];
  if (!secret || lines.length < 2) return undefined;
  return { proof: `${lines.length} KEY=value lines, e.g. ${quote(redactAssignment(secret[0]))}` };
};

const directoryListing: Matcher = (r) => {
  if (!served(r)) return undefined;
  const title = LISTING_TITLE.exec(r.body);
  // A listing also links to its entries; a page merely titled "Index of" without links is not one.
  if (!title || !/<a\s[^>]*href=/i.test(r.body)) return undefined;
  return { proof: quote(title[0]) };
};

const logFile = (pattern: RegExp): Matcher => textFile(pattern);

const phpinfo: Matcher = (r) => {
  if (!served(r)) return undefined;
  const version = /PHP Version\s*(?:<\/[^>]+>\s*<[^>]+>\s*)?([0-9][0-9.]*)/.exec(r.body);
  if (!version || !/(PHP Extension|Zend Engine|phpinfo\(\))/.test(r.body) || !/<table/i.test(r.body)) return undefined;
  return { proof: `phpinfo() output, PHP Version ${version[1]}` };
};

export const SIGNATURES: Record<string, Signature> = {
  git_head: { id: 'exposed_git', what: 'Git repository metadata (/.git/HEAD)', match: textFile(GIT_HEAD) },
  git_config: {
    id: 'exposed_git',
    what: 'Git repository configuration (/.git/config)',
    match: textFile(/^\s*\[core\][^\n]*(?:\n[^\n]*){0,6}?\n\s*(?:repositoryformatversion|filemode|bare)\s*=/m),
  },
  svn_entries: { id: 'exposed_svn', what: 'Subversion working-copy metadata', match: textFile(/^(?:8|9|10|12)\r?\n(?:\r?\ndir\r?\n|$)/) },
  svn_wcdb: { id: 'exposed_svn', what: 'Subversion working-copy database (.svn/wc.db)', match: magic(['SQLite format 3\u0000']) },
  hg_requires: {
    id: 'exposed_svn',
    what: 'Mercurial repository metadata (.hg/requires)',
    match: (r) => {
      if (!served(r) || looksLikeHtml(r)) return undefined;
      const lines = r.body.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      if (lines.length === 0 || !lines.every((l) => HG_REQUIREMENT.test(l)) || !lines.some((l) => l === 'revlogv1' || l === 'store')) return undefined;
      return { proof: quote(lines.join(' ')) };
    },
  },
  env: { id: 'exposed_env', what: 'environment file with secrets (.env)', match: envFile },
  env_local: { id: 'exposed_env', what: 'environment file with secrets (.env.local)', match: envFile },
  env_production: { id: 'exposed_env', what: 'environment file with secrets (.env.production)', match: envFile },
  ds_store: {
    id: 'exposed_ds_store',
    what: 'macOS folder metadata (.DS_Store) listing file names',
    match: (r) => (served(r) && r.body.slice(0, 8) === '\u0000\u0000\u0000\u0001Bud1' ? { proof: `file starts with bytes ${hexHead(r.body)} (Bud1)` } : undefined),
  },
  htpasswd: {
    id: 'exposed_credentials_file',
    severity: 'high',
    what: 'Apache password file (.htpasswd)',
    match: textFile(/^[^:\s#]+:(?:\$apr1\$|\$2[aby]\$|\{SHA\}|\$[156]\$)\S*$/m, undefined, true),
  },
  web_config: {
    id: 'exposed_credentials_file',
    severity: 'high',
    what: 'ASP.NET configuration (web.config)',
    match: notHtml(allOf(/<configuration[\s>]/, /<(?:connectionStrings|appSettings|system\.web(?:Server)?|machineKey)[\s>]/)),
  },
  aws_credentials: {
    id: 'exposed_credentials_file',
    severity: 'critical',
    what: 'AWS credentials file',
    match: textFile(/aws_secret_access_key\s*=\s*\S+/i, (r) => /aws_access_key_id\s*=/i.test(r.body), true),
  },
  npmrc: {
    id: 'exposed_credentials_file',
    severity: 'critical',
    what: 'npm configuration with a registry token (.npmrc)',
    match: textFile(/^\S*:?_(?:authToken|auth|password)\s*=\s*\S+/m, undefined, true),
  },
  docker_compose: {
    id: 'exposed_credentials_file',
    severity: 'medium',
    what: 'Docker Compose file describing the deployment',
    match: (r) => {
      const found = textFile(/^services:\s*$/m, (x) => /^\s+(?:image|build):/m.test(x.body))(r);
      if (!found) return undefined;
      const secret = /^\s*-?\s*[A-Z0-9_]*(?:PASSWORD|SECRET|TOKEN|KEY)[A-Z0-9_]*\s*[:=]\s*\S.*$/m.exec(r.body);
      return secret ? { proof: `compose file with ${quote(redactAssignment(secret[0].trim()))}`, severity: 'high' } : { proof: 'compose file (services: … image/build)' };
    },
  },
  id_rsa: { id: 'exposed_private_key', what: 'private key (id_rsa)', match: textFile(PRIVATE_KEY, (r) => PRIVATE_KEY.test(r.body.trimStart())) },
  ssh_id_rsa: { id: 'exposed_private_key', what: 'SSH private key (.ssh/id_rsa)', match: textFile(PRIVATE_KEY, (r) => PRIVATE_KEY.test(r.body.trimStart())) },
  phpinfo: { id: 'exposed_phpinfo', what: 'phpinfo() page', match: phpinfo },
  info_php: { id: 'exposed_phpinfo', what: 'phpinfo() page', match: phpinfo },
  server_status: { id: 'exposed_server_status', what: 'Apache server-status page', match: allOf(/Apache Server Status for/i, /Server Version:/i) },
  server_info: { id: 'exposed_server_status', what: 'Apache server-info page', match: allOf(/Apache Server Information/i, /Server Version:?/i) },
  nginx_status: {
    id: 'exposed_server_status',
    severity: 'low',
    what: 'nginx stub_status page',
    match: textFile(/^Active connections:\s*\d+\s*$/m, (r) => /server accepts handled requests/.test(r.body)),
  },
  actuator: {
    id: 'exposed_debug_endpoint',
    severity: 'medium',
    what: 'Spring Boot Actuator index',
    cause: 'spring_actuator',
    match: json((doc) => {
      const links = doc['_links'] as Record<string, unknown> | undefined;
      return links && typeof links === 'object' && Object.keys(links).some((k) => ['health', 'env', 'heapdump', 'beans', 'mappings'].includes(k))
        ? `actuator links: ${Object.keys(links).slice(0, 8).join(', ')}`
        : undefined;
    }),
  },
  actuator_env: {
    id: 'exposed_debug_endpoint',
    severity: 'high',
    what: 'Spring Boot Actuator environment (/actuator/env)',
    cause: 'spring_actuator',
    match: json((doc) => (Array.isArray(doc['propertySources']) && Array.isArray(doc['activeProfiles']) ? `propertySources (${(doc['propertySources'] as unknown[]).length}) and activeProfiles` : undefined)),
  },
  actuator_heapdump: {
    id: 'exposed_debug_endpoint',
    severity: 'critical',
    what: 'Java heap dump (/actuator/heapdump)',
    cause: 'spring_actuator',
    match: (r) => (served(r) && r.body.startsWith('JAVA PROFILE 1.0') ? { proof: quote(r.body.slice(0, 18)) } : undefined),
  },
  elmah: { id: 'exposed_debug_endpoint', severity: 'high', what: 'ELMAH error log (elmah.axd)', cause: 'elmah_log', match: allOf(/Error Log for/i, /ELMAH/i) },
  trace_axd: { id: 'exposed_debug_endpoint', severity: 'high', what: 'ASP.NET request trace (trace.axd)', cause: 'aspnet_trace', match: allOf(/Application Trace/i, /Requests to this Application|clear current trace/i) },
  swagger_json: {
    id: 'exposed_api_docs',
    what: 'Swagger / OpenAPI description',
    match: json((doc) => ((typeof doc['swagger'] === 'string' || typeof doc['openapi'] === 'string') && doc['paths'] && typeof doc['paths'] === 'object' ? `${doc['openapi'] ? 'openapi' : 'swagger'} ${String(doc['openapi'] ?? doc['swagger'])} with ${Object.keys(doc['paths'] as object).length} paths` : undefined)),
  },
  openapi_json: { id: 'exposed_api_docs', what: 'OpenAPI description', match: (r) => SIGNATURES['swagger_json']!.match(r) },
  swagger_ui: { id: 'exposed_api_docs', what: 'Swagger UI', match: allOf(/<div[^>]+id=["']swagger-ui["']/i, /swagger-ui/i) },
  backup_zip: { id: 'exposed_backup', severity: 'critical', what: 'ZIP archive (backup.zip)', match: magic(['PK\u0003\u0004']) },
  backup_targz: { id: 'exposed_backup', severity: 'critical', what: 'gzip archive (backup.tar.gz)', match: magic([/^\u001f[\u008b\ufffd]\u0008/]) },
  backup_sql: { id: 'exposed_backup', severity: 'critical', what: 'SQL database dump', match: textFile(SQL_STATEMENT) },
  dump_sql: { id: 'exposed_backup', severity: 'critical', what: 'SQL database dump', match: textFile(SQL_STATEMENT) },
  config_php_bak: {
    id: 'exposed_backup',
    severity: 'critical',
    what: 'backup of a PHP configuration file served as source',
    match: textFile(/<\?php/, (r) => /(define\s*\(\s*['"]DB_|\$(?:db|database|password|dbpass)\w*\s*=|DB_PASSWORD)/i.test(r.body)),
  },
  debug_log: { id: 'exposed_log_file', what: 'application debug log', match: logFile(/^\[[^\]\n]{6,40}\] PHP (?:Fatal error|Warning|Notice|Parse error|Deprecated):[^\n]*/m) },
  laravel_log: { id: 'exposed_log_file', severity: 'high', what: 'Laravel application log', match: logFile(/^\[\d{4}-\d{2}-\d{2}[^\]]*\] \w+\.(?:ERROR|WARNING|CRITICAL|INFO|DEBUG):[^\n]*/m) },
  crossdomain: {
    id: 'crossdomain_wildcard',
    what: 'Flash cross-domain policy allowing every domain',
    match: (r) => {
      if (!served(r) || looksLikeHtml(r) || !/<cross-domain-policy/i.test(r.body)) return undefined;
      const wild = /<allow-access-from\s[^>]*domain\s*=\s*["']\*["'][^>]*>/i.exec(r.body);
      return wild ? { proof: quote(wild[0]) } : undefined;
    },
  },
  listing_backup: { id: 'directory_listing', what: 'directory listing of /backup/', match: directoryListing },
  listing_uploads: { id: 'directory_listing', what: 'directory listing of /uploads/', match: directoryListing },
  source_map: {
    id: 'exposed_source_map',
    severity: 'low',
    what: 'JavaScript source map',
    match: (r) => {
      if (!served(r) || looksLikeHtml(r)) return undefined;
      const doc = parseJson(r.body) as Record<string, unknown> | undefined;
      // A body cut at the read cap is not valid JSON; the map's header fields come first, so test them as text too.
      const version = doc ? doc['version'] === 3 : /^\s*\{\s*"version"\s*:\s*3\s*,/.test(r.body);
      const mappings = doc ? typeof doc['mappings'] === 'string' : /"mappings"\s*:\s*"/.test(r.body);
      if (!version || !mappings) return undefined;
      const withSources = doc ? Array.isArray(doc['sourcesContent']) : /"sourcesContent"\s*:\s*\[/.test(r.body);
      const count = doc && Array.isArray(doc['sources']) ? `naming ${(doc['sources'] as unknown[]).length} source files` : 'naming its source files';
      return withSources
        ? { proof: `source map v3 ${count}, with their full original code (sourcesContent)`, severity: 'medium' }
        : { proof: `source map v3 ${count}` };
    },
  },
};

export { directoryListing as directoryListingMatcher };
