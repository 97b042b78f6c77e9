/**
 * Target-controlled text (header values, certificate fields, TXT records) is hostile. These make it
 * inert for each output: terminals must not see control sequences, HTML must not see markup.
 */

/** Replace C0/C1 control characters (ESC included) with visible \xNN escapes; keep tabs and newlines. */
export function escapeTerminal(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}
