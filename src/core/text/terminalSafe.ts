/**
 * Text from a backend (ids, titles, notes, error details) made safe to print on a
 * terminal. A server, or anyone who can write an incident title, must not be able to
 * set the window title (OSC), clear the screen or move the cursor (CSI), plant a
 * hyperlink, or hide text behind a carriage return or a bidirectional override.
 *
 * Escape sequences are removed whole, so no parameter bytes are left behind as
 * garbage; every other control character is dropped. A newline survives only where
 * the caller says the text may span lines.
 */

// ESC then: CSI `[ params intermediates final`, OSC `] … BEL|ST` (an unterminated one runs
// to the end, which is safer than printing its tail), the string commands DCS/SOS/PM/APC
// `P X ^ _ … ST`, or a two-character sequence.
const ESC_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|[PX^_][^\u001b\u009c]*(?:\u001b\\|\u009c)?|[ -/]*[0-~]?)/g;
// The same introducers as single 8-bit C1 characters, which some terminals honour.
const C1_SEQUENCE = /\u009b[0-?]*[ -/]*[@-~]?|[\u009d\u0090\u0098\u009e\u009f][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g;
// C0 and C1 controls except tab and newline, DEL, and the bidirectional formatting characters.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export interface TerminalSafeOptions {
  /** Keep `\n` (notes, multi-line messages); otherwise newlines become spaces. Default false. */
  multiline?: boolean;
}

export function terminalSafe(text: string, options: TerminalSafeOptions = {}): string {
  const stripped = text.replace(ESC_SEQUENCE, '').replace(C1_SEQUENCE, '').replace(/\r\n/g, '\n').replace(CONTROL, '').replace(/\t/g, ' ');
  return options.multiline ? stripped : stripped.replace(/\n+/g, ' ');
}
