/**
 * The curated list of paths the exposure probe requests. Each entry is only a request; the content
 * signature that decides whether the answer is a real exposure lives in checks/exposure/signatures.ts
 * under the same name (a test proves every name has one). Ordered by how often they leak in practice.
 */
export interface CataloguePath {
  name: string;
  path: string;
  /** Ask for the first bytes only (binary formats recognised by their magic bytes). */
  range?: boolean;
  /** Bytes of body to keep; default EXPOSURE_BODY_LIMIT. */
  bodyLimit?: number;
}

/** A few KiB are enough for every signature; larger bodies are cut and the connection dropped. */
export const EXPOSURE_BODY_LIMIT = 8 * 1024;
export const RANGE_BYTES = 1024;

export const EXPOSURE_CATALOGUE: readonly CataloguePath[] = [
  { name: 'git_head', path: '/.git/HEAD' },
  { name: 'git_config', path: '/.git/config' },
  { name: 'svn_entries', path: '/.svn/entries' },
  { name: 'svn_wcdb', path: '/.svn/wc.db', range: true },
  { name: 'hg_requires', path: '/.hg/requires' },
  { name: 'env', path: '/.env' },
  { name: 'env_local', path: '/.env.local' },
  { name: 'env_production', path: '/.env.production' },
  { name: 'ds_store', path: '/.DS_Store', range: true },
  { name: 'htpasswd', path: '/.htpasswd' },
  { name: 'web_config', path: '/web.config' },
  { name: 'aws_credentials', path: '/.aws/credentials' },
  { name: 'npmrc', path: '/.npmrc' },
  { name: 'docker_compose', path: '/docker-compose.yml' },
  { name: 'id_rsa', path: '/id_rsa' },
  { name: 'ssh_id_rsa', path: '/.ssh/id_rsa' },
  { name: 'phpinfo', path: '/phpinfo.php', bodyLimit: 32 * 1024 },
  { name: 'info_php', path: '/info.php', bodyLimit: 32 * 1024 },
  { name: 'server_status', path: '/server-status' },
  { name: 'server_info', path: '/server-info' },
  { name: 'nginx_status', path: '/nginx_status' },
  { name: 'actuator', path: '/actuator' },
  { name: 'actuator_env', path: '/actuator/env' },
  { name: 'actuator_heapdump', path: '/actuator/heapdump', range: true },
  { name: 'elmah', path: '/elmah.axd' },
  { name: 'trace_axd', path: '/trace.axd' },
  { name: 'swagger_json', path: '/swagger.json' },
  { name: 'openapi_json', path: '/openapi.json' },
  { name: 'swagger_ui', path: '/swagger-ui.html' },
  { name: 'backup_zip', path: '/backup.zip', range: true },
  { name: 'backup_targz', path: '/backup.tar.gz', range: true },
  { name: 'backup_sql', path: '/backup.sql', range: true },
  { name: 'dump_sql', path: '/dump.sql', range: true },
  { name: 'config_php_bak', path: '/config.php.bak' },
  { name: 'debug_log', path: '/debug.log', range: true },
  { name: 'laravel_log', path: '/storage/logs/laravel.log', range: true },
  { name: 'crossdomain', path: '/crossdomain.xml' },
  { name: 'listing_backup', path: '/backup/' },
  { name: 'listing_uploads', path: '/uploads/' },
  { name: 'security_txt', path: '/.well-known/security.txt' },
  { name: 'security_txt_legacy', path: '/security.txt' },
];

/** Extra requests beside the catalogue: a TRACE to '/', a malformed path for error pages, source maps. */
export { TRACE_PROBE, ERROR_PROBE } from '../model/exposure.js';
export const SOURCE_MAP_PROBE = 'source_map';
export const MAX_SOURCE_MAPS = 2;
