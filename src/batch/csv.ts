/**
 * The small slice of CSV (RFC 4180) batch needs: split one record into fields, and write a field back.
 * Records never span lines here (targets and result rows hold no line breaks), so a record is a line.
 */

/** Split one CSV line into fields; quoted fields may hold commas and doubled quotes. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/**
 * One field, quoted when it must be. Text that came from a target (error messages) could start a
 * spreadsheet formula; such cells get a leading apostrophe so a spreadsheet shows them as text.
 */
export function csvField(value: string | number | null | undefined, fromTarget = false): string {
  if (value === null || value === undefined) return '';
  let text = String(value).replace(/[\r\n]+/g, ' ');
  if (fromTarget && /^[=+\-@\t]/.test(text)) text = `'${text}`;
  return /[",]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
