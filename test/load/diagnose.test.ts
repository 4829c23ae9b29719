import { describe, expect, it } from 'vitest';
import { closest } from '../../src/load/diagnose.js';

describe('closest', () => {
  it('suggests a near spelling and nothing for an unrelated word', () => {
    expect(closest('entitlments', ['label', 'csv', 'entitlements'])).toBe('entitlements');
    expect(closest('Email', ['email', 'appName'])).toBe('email');
    expect(closest('department', ['email', 'appName'])).toBeUndefined();
  });
});
