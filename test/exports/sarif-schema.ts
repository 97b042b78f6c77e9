/**
 * The SARIF 2.1.0 JSON schema (OASIS, committed as data in test/schemas/) compiled once. The schema is
 * JSON Schema draft-04, hence ajv-draft-04; ajv-formats checks uri, uri-reference and date-time.
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const schema = JSON.parse(readFileSync(new URL('../schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Schema violations as readable lines; empty when the document is valid SARIF 2.1.0. */
export function sarifErrors(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
