/**
 * Text for a terminal, from questions and corpus files nobody vetted: control characters would
 * let them move the cursor, rewrite earlier lines, change colours or reverse text (ESC sequences,
 * C0 and C1 controls, bidi overrides). Each is shown as a visible escape instead; line breaks and
 * tabs stay.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
/** The same characters outside C0, which JSON.stringify leaves raw inside strings. */
const UNSAFE_IN_JSON = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.codePointAt(0)!.toString(16).padStart(width, '0');

/** `text` with every control character written as `\xNN` or `\uNNNN`. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** JSON text with the control characters JSON.stringify leaves raw escaped: the same JSON value, safe to print. */
export function escapeJsonControls(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}

/** `value` as JSON safe to print (see `escapeJsonControls`). */
export function terminalJson(value: unknown, space?: number): string {
  return escapeJsonControls(JSON.stringify(value, null, space));
}
