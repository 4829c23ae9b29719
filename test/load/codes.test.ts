import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../../src/model/diagnostic.js';

describe('diagnostic codes', () => {
  it('are each documented in docs/diagnostics.md, and the document names no other', () => {
    const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual([...diagnosticCodes].sort());
  });
});
