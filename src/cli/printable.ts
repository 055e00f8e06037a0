/**
 * Names come from the editor's project (clip, sequence, marker names; file paths) and may hold
 * control characters: a newline splits a one-line error in two, and ESC ] … BEL retitles the
 * terminal (other escapes move the cursor or recolour it). Everything echoed is passed through
 * here: C0 and C1 controls and DEL are shown as \n, \t, \x1b, \u009b … instead of being sent raw.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function printable(text: string): string {
  return text.replace(CONTROLS, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** printable() for text of several lines: each line escaped, the line breaks kept. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}
