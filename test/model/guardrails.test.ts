import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/model/config.js';
import { defaultGuardrails, withTrustedGuardrails } from '../../src/model/guardrails.js';
import { carriesMarker, withoutMarker } from '../../src/model/ownership.js';

const proposed: Config = {
  path: '/repo/okta-access.yaml',
  root: '/repo',
  naming: { group: '{app}_{entitlement}' },
  ownership: { marker: 'auditors' },
  safety: { maxDeletes: 5000, maxDeletePercent: 100, percentFloor: 1_000_000, protectedGroups: [] },
  apps: ['apps/*.yaml'],
  campaigns: [],
  limits: { maxCsvBytes: 600 * 1024 * 1024 },
  source: { file: 'okta-access.yaml', line: 1 },
};

describe('withTrustedGuardrails', () => {
  it('keeps every guardrail of the trusted side and everything else of the proposed config', () => {
    const trusted = {
      ...defaultGuardrails,
      safety: {
        maxDeletes: 100,
        maxDeletePercent: 10,
        percentFloor: 50,
        protectedGroups: ['Finance-Admins'],
      },
    };
    const { config, changes } = withTrustedGuardrails(proposed, trusted);
    expect(config).toEqual({ ...proposed, ...trusted });
    expect(config.naming.group).toBe('{app}_{entitlement}');
    expect(config.safety.percentFloor).toBe(50);
    expect(changes).toEqual([
      { setting: 'ownership.marker', from: '[managed by okta-access-gitops]', to: 'auditors' },
      { setting: 'safety.maxDeletes', from: 100, to: 5000 },
      { setting: 'safety.maxDeletePercent', from: 10, to: 100 },
      // A pull request cannot switch the percentage off by raising the floor: the base's floor is in force.
      { setting: 'safety.percentFloor', from: 50, to: 1_000_000 },
      { setting: 'safety.protectedGroups', from: ['Finance-Admins'], to: [] },
      { setting: 'limits.maxCsvBytes', from: 256 * 1024 * 1024, to: 600 * 1024 * 1024 },
    ]);
  });

  it('reports nothing when the proposed guardrails are the trusted ones (protected groups as a set, without case)', () => {
    const same = { ...proposed, safety: { ...proposed.safety, protectedGroups: ['b', 'A'] } };
    const trusted = {
      ownership: same.ownership,
      limits: same.limits,
      safety: { ...same.safety, protectedGroups: ['a', 'B'] },
    };
    expect(withTrustedGuardrails(same, trusted).changes).toEqual([]);
  });
});

describe('the ownership marker', () => {
  const marker = '[managed by okta-access-gitops]';

  it('is found where the tool writes it: the whole description, its end after a space, a whole line', () => {
    expect(carriesMarker(marker, marker)).toBe(true);
    expect(carriesMarker(`Payroll admins ${marker}`, marker)).toBe(true);
    expect(carriesMarker(`Payroll admins\n${marker}\n`, marker)).toBe(true);
    expect(carriesMarker(`First line\n  ${marker}  \nlast line`, marker)).toBe(true);
  });

  it('is never found inside other text', () => {
    expect(carriesMarker('read-only auditors, owned by Finance', 'auditors')).toBe(false);
    expect(carriesMarker(`${marker} but not really`, marker)).toBe(false);
    expect(carriesMarker(`prefix${marker}`, marker)).toBe(false);
    expect(carriesMarker('Finance-auditors', 'auditors')).toBe(false);
    expect(carriesMarker(null, marker)).toBe(false);
    expect(carriesMarker('anything', '   ')).toBe(false);
    expect(carriesMarker('', '')).toBe(false);
  });

  it('is taken out of a description only where it is found', () => {
    expect(withoutMarker(`Runs payroll ${marker}`, marker)).toBe('Runs payroll');
    expect(withoutMarker(`Runs payroll\n${marker}`, marker)).toBe('Runs payroll');
    expect(withoutMarker(marker, marker)).toBeUndefined();
    expect(withoutMarker('read-only auditors, owned by Finance', 'auditors')).toBe(
      'read-only auditors, owned by Finance',
    );
    expect(withoutMarker(null, marker)).toBeUndefined();
  });
});
