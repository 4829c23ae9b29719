import { describe, expect, it } from 'vitest';
import { type CsvRecord, parseCsvText } from '../../src/load/csv-text.js';

function collect(text: string) {
  const records: { cells: readonly string[]; line: number; positions: { line: number; col: number }[] }[] =
    [];
  const keep = (record: CsvRecord) =>
    records.push({
      cells: record.cells,
      line: record.line,
      positions: record.cells.map((_, index) => record.locate(index)),
    });
  const diagnostics = parseCsvText(text, 'x.csv', {
    header: (record) => {
      keep(record);
      return true;
    },
    row: keep,
  });
  return { records, diagnostics };
}

describe('parseCsvText', () => {
  it('gives each record its first line and each cell its column, across quoted newlines and blank lines', () => {
    const { records, diagnostics } = collect('a,b,c\n1,"x\ny",3\n\n"q ""w""",5,6\n');
    expect(diagnostics).toEqual([]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 5]);
    expect(records[1]?.cells).toEqual(['1', 'x\ny', '3']);
    expect(records[1]?.positions).toEqual([
      { line: 2, col: 1 },
      { line: 2, col: 3 },
      { line: 3, col: 4 },
    ]);
    expect(records[2]?.cells[0]).toBe('q "w"');
    expect(records[2]?.positions[1]).toEqual({ line: 5, col: 11 });
  });

  it('treats CRLF like LF, so lines and columns match what an editor shows', () => {
    const { records } = collect('a,b\r\n1,"2\r\n3"\r\n4,5\r\n');
    expect(records.map((record) => record.line)).toEqual([1, 2, 4]);
    expect(records[1]?.cells).toEqual(['1', '2\n3']);
    expect(records[2]?.positions[1]).toEqual({ line: 4, col: 3 });
  });

  it('reports an unclosed quote as CSV_SYNTAX at its line', () => {
    const { diagnostics } = collect('a,b\n1,2\n3,"4\n5,6\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'CSV_SYNTAX', file: 'x.csv' });
    expect(diagnostics[0]?.message).toContain('Quote Not Closed');
  });

  it('reports an empty text as CSV_EMPTY', () => {
    expect(collect('').diagnostics.map((d) => d.code)).toEqual(['CSV_EMPTY']);
    expect(collect('\n\n').diagnostics.map((d) => d.code)).toEqual(['CSV_EMPTY']);
  });

  it('stops when the header visitor refuses the header', () => {
    let rows = 0;
    parseCsvText('a\n1\n2\n', 'x.csv', { header: () => false, row: () => rows++ });
    expect(rows).toBe(0);
  });
});
