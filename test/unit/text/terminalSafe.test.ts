import * as assert from 'node:assert/strict';
import { terminalSafe } from '../../../src/core/text/terminalSafe';

describe('terminalSafe', () => {
  const cases: [string, string, string][] = [
    ['an OSC window-title set ended by BEL', 'a\u001b]0;pwned\u0007b', 'ab'],
    ['an OSC hyperlink ended by ST', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['a CSI screen clear and cursor move', 'x\u001b[2J\u001b[1;1Hy', 'xy'],
    ['an SGR colour', '\u001b[31mred\u001b[0m', 'red'],
    ['a DCS string', 'a\u001bPq#0;2;0;0;0\u001b\\b', 'ab'],
    ['8-bit CSI and OSC', 'a\u009b2Jb\u009d0;t\u0007c', 'abc'],
    ['an unterminated OSC', 'ok\u001b]0;rest of it', 'ok'],
    ['a carriage-return overwrite', 'safe\rEVIL', 'safeEVIL'],
    ['bell, backspace, DEL and NUL', 'a\u0007\u0008\u007f\u0000b', 'ab'],
    ['bidi overrides', 'abc\u202edcba\u202c', 'abcdcba'],
    ['a tab (it becomes a space)', 'INC-1\tok', 'INC-1 ok'],
  ];
  for (const [name, input, expected] of cases) {
    it(`removes ${name}`, () => assert.equal(terminalSafe(input), expected));
  }

  it('keeps newlines only when the text may span lines, and drops \\r tricks either way', () => {
    assert.equal(terminalSafe('one\r\ntwo\nthree'), 'one two three');
    assert.equal(terminalSafe('one\r\ntwo\rX\nthree', { multiline: true }), 'one\ntwoX\nthree');
  });

  it('leaves ordinary text alone', () => {
    assert.equal(terminalSafe('Checkout latency — eu-west › 5xx (Sev 1) ✓'), 'Checkout latency — eu-west › 5xx (Sev 1) ✓');
  });
});
