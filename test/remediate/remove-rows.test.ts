import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/model/errors.js';
import { dropLines, removeRows } from '../../src/remediate/remove-rows.js';

const header = 'firstName,lastName,email,managerEmail,appName,groupName';

/** The lines of a file, each with its own ending, so expectations can be built line by line. */
function lines(content: string): string[] {
  return content.match(/[^\r\n]*(?:\r\n|\r|\n|$)/g)?.filter((line) => line !== '') ?? [];
}

describe('removing CSV rows byte for byte', () => {
  it('drops only the revoked lines of a CRLF file with a BOM and quoted cells', () => {
    const content =
      `\uFEFF${header}\r\n` +
      '"Mensah, Jr.",Kwame,kwame.mensah@example.com,,Payroll,Admin\r\n' +
      'Aiko,"Naka""mura",aiko.nakamura@example.com,olivia.brennan@example.com,Payroll,Viewer\r\n' +
      '"Olivia","Brennan","olivia.brennan@example.com","","Payroll","Admin"\r\n' +
      'Sofia,Marchetti,sofia.marchetti@example.com,,Payroll,"Viewer"\r\n';
    const result = removeRows(content, 'apps/payroll.csv', [
      { line: 2, email: 'kwame.mensah@example.com', app: 'Payroll', entitlement: 'Admin' },
      { line: 4, email: 'olivia.brennan@example.com', app: 'Payroll', entitlement: 'Admin' },
    ]);
    const kept = lines(content);
    expect(result.text).toBe([kept[0], kept[2], kept[4]].join(''));
    expect(result.spans).toEqual([
      { line: 2, endLine: 2 },
      { line: 4, endLine: 4 },
    ]);
    const bytes = Buffer.from(result.text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('latin1')).toContain('Aiko,"Naka""mura",aiko.nakamura@example.com');
    expect(result.text.split('\r\n')).toHaveLength(4);
  });

  it('removes a record whose quoted cell spans lines as a whole, and nothing around it', () => {
    const content = [
      `${header}\n`,
      'Ada,Example,ada@example.com,,Payroll,Admin\n',
      '"Alan\r\n(on leave)",Example,alan@example.com,,Payroll,Admin\r\n',
      'Grace,"Example\n',
      '\n',
      'Hopper",grace@example.com,,Payroll,Viewer\n',
      'Ken,Example,ken@example.com,,Payroll,Viewer',
    ].join('');
    const result = removeRows(content, 'payroll.csv', [
      { line: 3, email: 'alan@example.com', app: 'Payroll', entitlement: 'Admin' },
      { line: 5, email: 'grace@example.com', app: 'Payroll', entitlement: 'Viewer' },
    ]);
    expect(result.spans).toEqual([
      { line: 3, endLine: 4 },
      { line: 5, endLine: 7 },
    ]);
    expect(result.text).toBe(
      `${header}\nAda,Example,ada@example.com,,Payroll,Admin\nKen,Example,ken@example.com,,Payroll,Viewer`,
    );
  });

  it('matches the email without case, and keeps the file as it was around a last line with no ending', () => {
    const content = `${header}\nGrace,Example,Grace.Hopper@Example.COM,,Payroll,Viewer\nAda,Example,ada@example.com,,Payroll,Admin`;
    const first = removeRows(content, 'payroll.csv', [
      { line: 2, email: 'grace.hopper@example.com', app: 'Payroll', entitlement: 'Viewer' },
    ]);
    expect(first.text).toBe(`${header}\nAda,Example,ada@example.com,,Payroll,Admin`);
    const last = removeRows(content, 'payroll.csv', [
      { line: 3, email: 'ADA@example.com', app: 'Payroll', entitlement: 'Admin' },
    ]);
    // The line before keeps its own ending: only the removed line's bytes go.
    expect(last.text).toBe(`${header}\nGrace,Example,Grace.Hopper@Example.COM,,Payroll,Viewer\n`);
  });

  it('counts lone CR and blank lines as the CSV reader does', () => {
    const content = `${header}\r\rAda,Example,ada@example.com,,Payroll,Admin\rKen,Example,ken@example.com,,Payroll,Viewer\r`;
    const result = removeRows(content, 'payroll.csv', [
      { line: 3, email: 'ada@example.com', app: 'Payroll', entitlement: 'Admin' },
    ]);
    expect(result.text).toBe(`${header}\r\rKen,Example,ken@example.com,,Payroll,Viewer\r`);
  });

  it('refuses, removing nothing, when a line does not start the row it should', () => {
    const content = `${header}\nAda,Example,ada@example.com,,Payroll,Admin\nKen,Example,ken@example.com,,Payroll,Viewer\n`;
    const attempt = () =>
      removeRows(content, 'payroll.csv', [
        { line: 2, email: 'ada@example.com', app: 'Payroll', entitlement: 'Admin' },
        { line: 3, email: 'ken@example.com', app: 'Payroll', entitlement: 'Admin' },
        { line: 9, email: 'x@example.com', app: 'Payroll', entitlement: 'Admin' },
      ]);
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(/payroll\.csv:3: expected Payroll Admin, found Payroll Viewer/);
    expect(attempt).toThrow(/payroll\.csv:9: no record starts on this line/);
  });

  it('drops line spans, keeping every other byte', () => {
    expect(dropLines('a\r\nb\nc\rd', [{ line: 2, endLine: 3 }])).toBe('a\r\nd');
    expect(dropLines('a\nb\n', [{ line: 1, endLine: 1 }])).toBe('b\n');
    expect(dropLines('a\nb\n', [])).toBe('a\nb\n');
  });
});
