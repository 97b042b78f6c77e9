/** Files a WordPress install leaks: the uploads folder listing, wp-config.php backups, the debug log. */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { directoryListingMatcher, SIGNATURES } from '../exposure/signatures.js';
import { distinctMatch, response, wordpressData } from './common.js';

const CONFIG_BACKUPS = ['wp_config_bak', 'wp_config_tilde', 'wp_config_save', 'wp_config_old'];

export const wordpressLeaksCheck: Check = {
  name: 'wordpress/leaks',
  category: 'wordpress',
  ids: ['wp_uploads_listing', 'wp_config_backup', 'wp_debug_log'],
  reads: ['wordpress'],
  run(evidence) {
    const wp = wordpressData(evidence);
    const results: CheckResult[] = [];
    const uploads = response(wp, 'uploads_listing');
    const listing = distinctMatch(wp, uploads, directoryListingMatcher);
    if (listing && uploads) {
      results.push({
        id: 'wp_uploads_listing',
        title: 'wp-content/uploads/ lists its files',
        evidence: `GET ${uploads.url} → ${uploads.status}; ${listing.proof}`,
        location: uploads.url,
      });
    }
    for (const probe of CONFIG_BACKUPS) {
      const r = response(wp, probe);
      const found = distinctMatch(wp, r, SIGNATURES['config_php_bak']!.match);
      if (found && r) {
        results.push({
          id: 'wp_config_backup',
          title: `a copy of wp-config.php is readable as source at ${r.path}`,
          evidence: `GET ${r.url} → ${r.status}, ${r.bodyBytes} bytes; PHP source with database settings (${found.proof})`,
          location: r.url,
        });
      }
    }
    const log = response(wp, 'debug_log');
    const logLine = distinctMatch(wp, log, SIGNATURES['debug_log']!.match);
    if (logLine && log) {
      results.push({
        id: 'wp_debug_log',
        title: 'the WordPress debug log is public (wp-content/debug.log)',
        evidence: `GET ${log.url} → ${log.status}; ${logLine.proof}`,
        location: log.url,
      });
    }
    return results;
  },
};
