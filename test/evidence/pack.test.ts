import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderPack } from '../../src/evidence/index.js';
import type { EvidenceInputs } from '../../src/evidence/model.js';
import { sampleInputs } from './inputs.js';

function text(files: ReturnType<typeof renderPack>, name: string): string {
  const file = files.find((candidate) => candidate.name === name);
  if (file === undefined) throw new Error(`no ${name} in the pack`);
  return file.bytes.toString('utf8');
}

function reversed(inputs: EvidenceInputs): EvidenceInputs {
  return {
    ...inputs,
    population: [...inputs.population].reverse(),
    reviews: [...inputs.reviews].reverse(),
    groups: [...inputs.groups]
      .reverse()
      .map((group) => ({ ...group, members: [...group.members].reverse() })),
    warnings: [...inputs.warnings].reverse(),
  };
}

describe('renderPack', () => {
  it('gives the same bytes for the same inputs in any order', () => {
    const first = renderPack(sampleInputs());
    const second = renderPack(reversed(sampleInputs()));
    expect(second.map((file) => file.name)).toEqual(first.map((file) => file.name));
    for (const [index, file] of first.entries()) expect(second[index]?.bytes.equals(file.bytes)).toBe(true);
  });

  it('lists every other file in the manifest with its size and SHA-256', () => {
    const files = renderPack(sampleInputs());
    const manifest = JSON.parse(text(files, 'manifest.json')) as {
      files: { path: string; bytes: number; sha256: string }[];
    };
    const others = files.filter((file) => file.name !== 'manifest.json');
    expect(manifest.files.map((file) => file.path)).toEqual(others.map((file) => file.name).sort());
    for (const file of others) {
      expect(manifest.files.find((entry) => entry.path === file.name)).toEqual({
        path: file.name,
        bytes: file.bytes.length,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
      });
    }
  });

  it('keeps the committed campaign file byte for byte, and writes everything else with LF only', () => {
    const files = renderPack(sampleInputs());
    expect(text(files, 'campaign.yaml')).toBe('name: "Payroll\'s review"\r\n');
    for (const file of files.filter((candidate) => candidate.name !== 'campaign.yaml')) {
      expect(file.bytes.includes('\r'), file.name).toBe(false);
      expect(file.bytes.toString('utf8').endsWith('\n'), file.name).toBe(true);
    }
  });

  it('sorts rows and JSON keys, and neutralizes a formula in a note', () => {
    const files = renderPack(sampleInputs());
    expect(text(files, 'campaign.json')).toBe(
      '{\n  "a": [\n    2,\n    1\n  ],\n  "id": "iciCAMPAIGN000000001",\n  "name": "Payroll\'s review",\n  "status": "COMPLETED"\n}\n',
    );
    expect(text(files, 'population.csv')).toBe(
      'user,firstName,lastName,app,entitlement,group,source\n' +
        'alan@example.com,Alan,Example,Payroll,Admin,Payroll-Admin,apps/payroll.csv:2\n' +
        'grace@example.com,Grace,Example,Payroll,Viewer,Payroll-Viewer,apps/payroll.csv:3\n',
    );
    const decisions = text(files, 'decisions.csv').split('\n');
    expect(decisions[0]).toBe(
      'user,name,app,entitlement,group,decision,decided,reviewer,note,reviewerLevel,reviewId,userId,groupId,reviewerId',
    );
    expect(decisions[1]).toMatch(
      /^alan@example\.com,,Payroll,Admin,Payroll-Admin,APPROVE,2026-05-02T08:00:00Z,/,
    );
    expect(decisions[2]).toContain(
      `REVOKE,2026-05-02T09:00:00Z,ada@example.com,"'=cmd|"" /C calc""!A0",FIRST,icr2`,
    );
    expect(text(files, 'access-after.csv')).toBe(
      'user,app,entitlement,group,login,status,userId,groupId\n' +
        'alan@example.com,Payroll,Admin,Payroll-Admin,alan@example.com,ACTIVE,00uALAN,00gADMIN000000000001\n' +
        'ken@example.com,Payroll,Admin,Payroll-Admin,ken@example.com,ACTIVE,00uKEN,00gADMIN000000000001\n',
    );
    expect(text(files, 'remediation.csv').split('\n')[2]).toBe(
      'grace@example.com,Payroll,Viewer,Payroll-Viewer,REVOKE,SUCCESS,icr2,00uicr2,00gVIEWER00000000001',
    );
  });

  it('records the command that makes the pack, shell-quoted and without the output folder', () => {
    const manifest = JSON.parse(text(renderPack(sampleInputs()), 'manifest.json')) as {
      commands: { evidence: string; git: string[] };
      counts: unknown;
      warnings: string[];
    };
    expect(manifest.commands.evidence).toBe(
      `okta-access evidence --config okta-access.yaml --campaign 'Payroll'\\''s review' --out "$OUT"`,
    );
    expect(manifest.commands.git[0]).toBe(
      `git log -1 --format=%H ${'c'.repeat(40)} -- campaigns/payroll.yaml`,
    );
    expect(manifest.counts).toEqual({
      population: 2,
      reviews: 2,
      decisions: { APPROVE: 1, REVOKE: 1 },
      remediation: { NONE: 1, SUCCESS: 1 },
      accessAfter: { 'Payroll-Admin': 2, 'Payroll-Viewer': 0 },
    });
    expect(manifest.warnings).toEqual(['a warning', 'b warning']);
  });
});
