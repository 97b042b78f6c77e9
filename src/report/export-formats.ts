/** The names of the export formats, apart from their renderers: the CLI lists them before a scan without loading any renderer. */
export const EXPORT_FORMATS = ['json', 'sarif', 'html', 'markdown', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
