/**
 * The compare page's comparison is the same pure diff that `scorifya diff` prints (src/report/diff.ts):
 * findings paired by id (then location and title for repeated ids), the score change and category points.
 */
export { diffReports as compareReports, signed, type ReportDiff as Comparison } from '../report/diff.js';
