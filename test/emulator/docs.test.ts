import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAuth } from '../../src/emulator/auth.js';
import { createClock } from '../../src/emulator/clock.js';
import { createFaultInjector, noFaults } from '../../src/emulator/faults.js';
import { createIds } from '../../src/emulator/ids.js';
import { createRateLimiter, rateLimitPresets } from '../../src/emulator/rate-limits.js';
import { applySeed, readSeedFile } from '../../src/emulator/seed.js';
import { emulatorRoutes } from '../../src/emulator/server.js';
import { createStore } from '../../src/emulator/store.js';

const docs = readFileSync(fileURLToPath(new URL('../../docs/emulator.md', import.meta.url)), 'utf8');
const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const seedExample = fileURLToPath(new URL('../../examples/seed.yaml', import.meta.url));

/** The routes of the running server's router (the same list startEmulator compiles). */
function controlRoutes(): string[] {
  const controls = {
    auth: createAuth([], []),
    faults: createFaultInjector(noFaults),
    rateLimiter: createRateLimiter(rateLimitPresets.unlimited, createClock()),
    counts: () => ({ total: 0, byEndpoint: {}, byStatus: {}, rateLimited: 0, faults: 0 }),
    log: () => [],
    resetCounts: () => {},
    onClockAdvanced: () => {},
  };
  return emulatorRoutes(controls)
    .filter((route) => route.pattern.startsWith('/__emulator/'))
    .map((route) => `${route.method} ${route.pattern}`);
}

/** The controls docs/emulator.md has no heading for (`### \`METHOD /__emulator/…\``) or no curl example of. */
function undocumented(routes: readonly string[], text: string): string[] {
  return routes.filter((route) => {
    const [method = '', pattern = ''] = route.split(' ');
    const heading = text.includes(`### \`${route}\``);
    const path = pattern.replace(/:[A-Za-z]+/g, '[^ /]+').replaceAll('/__emulator/', '/__emulator/');
    const curl = new RegExp(
      `curl -s${method === 'GET' ? '' : ` -X ${method}`} \\$EMU${path.replaceAll('/', '\\/')}(?:[\\s'?]|$)`,
    ).test(text);
    return !heading || !curl;
  });
}

describe('docs/emulator.md', () => {
  it('documents every /__emulator/ control the router registers, with a heading and a curl example', () => {
    const routes = controlRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(undocumented(routes, docs)).toEqual([]);
  });

  it('would report a control added without documentation', () => {
    expect(undocumented([...controlRoutes(), 'POST /__emulator/new-control'], docs)).toEqual([
      'POST /__emulator/new-control',
    ]);
    expect(
      undocumented(['DELETE /__emulator/requests'], docs.replace('-X DELETE $EMU/__emulator/requests', '')),
    ).toEqual(['DELETE /__emulator/requests']);
  });

  it('covers the options of okta-access emulator and the topics a newcomer needs', () => {
    for (const option of [
      '--port',
      '--state',
      '--seed',
      '--from',
      '--rate-limits',
      '--faults',
      '--search-lag',
      '--import-ms',
      '--token',
    ]) {
      expect(docs).toMatch(new RegExp(`\`[^\`\\n]*${option}\\b`));
    }
    for (const topic of [
      '## Finish a campaign locally',
      '### OAuth service apps',
      '### Identity-source imports',
      '### Search lag',
      '### Restricted tokens',
    ]) {
      expect(docs).toContain(topic);
    }
  });

  it('is what the README points to, with a seed example that exists and seeds an org', () => {
    expect(readme).toContain('(docs/emulator.md)');
    expect(readme).toContain('--seed examples/seed.yaml');
    const store = createStore(createClock(), createIds(1));
    expect(applySeed(store, readSeedFile(seedExample))).toEqual({ users: 5, groups: 2, apps: 2 });
    expect(store.state.resourceOwners.size).toBe(2);
    expect([...store.state.riskRules.values()].map((rule) => rule.name)).toEqual([
      'Ledger finance and reviewers apart',
    ]);
    expect(store.requireUser('ines.costa@example.com').profile.managerId).toBe(
      store.requireUser('omar.haddad@example.com').id,
    );
    expect(store.state.identitySources.size).toBe(1);
  });
});
