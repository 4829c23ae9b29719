import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.stop();
});

describe('listApps', () => {
  it('reads every app in one page when the org has few', async () => {
    const harness = await startHarness({ seed: { apps: [{ label: 'Payroll' }, { label: 'Expenses' }] } });
    harnesses.push(harness);
    const result = await harness.port.listApps(3);
    expect(result.complete).toBe(true);
    expect(result.apps.map((app) => app.label).sort()).toEqual(['Expenses', 'Payroll']);
    expect(harness.port.stats().byEndpoint['GET /api/v1/apps']).toBe(1);
  });

  it('stops at the page cap and says the list is incomplete', async () => {
    const apps = Array.from({ length: 401 }, (_, i) => ({ label: `App ${i}` }));
    const harness = await startHarness({ seed: { apps } });
    harnesses.push(harness);
    const result = await harness.port.listApps(2);
    expect(result).toMatchObject({ complete: false });
    expect(result.apps).toHaveLength(400);
    expect(harness.port.stats().byEndpoint['GET /api/v1/apps']).toBe(2);
  });
});
