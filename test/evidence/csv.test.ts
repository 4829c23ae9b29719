import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../src/evidence/csv.js';
import { canonicalJson } from '../../src/evidence/json.js';

describe('csvCell', () => {
  it('leaves plain text alone and writes null as an empty cell', () => {
    expect(csvCell('alan@example.com')).toBe('alan@example.com');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it('quotes by RFC 4180: commas, quotes (doubled), line breaks, and edge spaces', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
  });

  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
  ])('neutralizes a cell a spreadsheet would run: %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('neutralizes first, then quotes', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
    );
    expect(csvCell('\rx')).toBe(`"'\rx"`);
  });
});

describe('csvDocument', () => {
  it('ends every line, the last too, with LF', () => {
    expect(csvDocument(['a', 'b'], [['1', null]])).toBe('a,b\n1,\n');
    expect(csvDocument(['a'], [])).toBe('a\n');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, drops undefined, ends with a newline', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{\n  "a": {\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
});
