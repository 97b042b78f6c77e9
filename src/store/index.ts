export { openDb, isPostgresUrl, type OpenedDb, type DbKind } from './db.js';
export { ScanStore, newScanId, type ScanRecord, type ScanSummary, type ProgressEvent, type NewScan, type BatchCounts, type BatchResult } from './scan-store.js';
export type { ScanStatus } from './schema.js';
