import { registerClient, registerRestrictedToken } from '../auth.js';
import { parseFaults } from '../faults.js';
import { loadRateLimits, type RateLimitConfig } from '../rate-limits.js';
import { applySeed, parseSeed } from '../seed.js';
import type { SerializedState } from '../store.js';
import type { Route } from '../types.js';
import type { EmulatorControls } from './controls.js';

/**
 * The test and demo surface under `/__emulator/`: never part of Okta's API, not authenticated, not rate limited.
 * Reviewers' decisions, the clock and faults are set here because Okta offers no admin API for them.
 */
export function adminRoutes(controls: EmulatorControls): Route[] {
  const json = (body: unknown, status = 200) => ({ status, body });
  return [
    {
      method: 'POST',
      pattern: '/__emulator/reset',
      open: true,
      handler: (_request, _params, { store, clock }) => {
        clock.advance(-clock.offset());
        store.reset();
        controls.resetCounts();
        return json({ reset: true });
      },
    },
    {
      method: 'POST',
      pattern: '/__emulator/seed',
      open: true,
      handler: (request, _params, { store }) => json(applySeed(store, parseSeed(request.rawBody))),
    },
    {
      method: 'GET',
      pattern: '/__emulator/state',
      open: true,
      handler: (_request, _params, { store }) => json(store.snapshot()),
    },
    {
      method: 'PUT',
      pattern: '/__emulator/state',
      open: true,
      handler: (request, _params, { store }) => {
        store.restore(request.body as SerializedState);
        store.touch();
        return json({ restored: true });
      },
    },
    {
      method: 'GET',
      pattern: '/__emulator/clock',
      open: true,
      handler: (_request, _params, { clock }) =>
        json({ now: new Date(clock.now()).toISOString(), offsetMs: clock.offset() }),
    },
    {
      method: 'POST',
      pattern: '/__emulator/clock',
      open: true,
      handler: (request, _params, { clock, store }) => {
        const seconds = Number((request.body as { advanceSeconds?: unknown } | undefined)?.advanceSeconds);
        if (!Number.isFinite(seconds) || seconds < 0) {
          return json({ error: 'send {"advanceSeconds": N} with N >= 0' }, 400);
        }
        clock.advance(seconds * 1000);
        controls.onClockAdvanced();
        store.touch();
        return json({ now: new Date(clock.now()).toISOString(), offsetMs: clock.offset() });
      },
    },
    {
      method: 'GET',
      pattern: '/__emulator/requests',
      open: true,
      handler: () => json(controls.counts()),
    },
    {
      method: 'GET',
      pattern: '/__emulator/log',
      open: true,
      handler: () => json(controls.log()),
    },
    {
      method: 'DELETE',
      pattern: '/__emulator/requests',
      open: true,
      handler: () => {
        controls.resetCounts();
        return { status: 204 };
      },
    },
    {
      method: 'PUT',
      pattern: '/__emulator/faults',
      open: true,
      handler: (request) => {
        const spec = (request.body as { spec?: unknown } | undefined)?.spec;
        if (typeof spec !== 'string') return json({ error: 'send {"spec": "500:0.1,reset:0.01,..."}' }, 400);
        controls.faults.configure(parseFaults(spec));
        return json(controls.faults.plan());
      },
    },
    {
      method: 'PUT',
      pattern: '/__emulator/rate-limits',
      open: true,
      handler: (request) => {
        const body = request.body as { preset?: string } | RateLimitConfig | undefined;
        const config =
          body !== undefined && 'preset' in body && typeof body.preset === 'string'
            ? loadRateLimits(body.preset)
            : (body as RateLimitConfig);
        controls.rateLimiter.configure(config);
        return json(config);
      },
    },
    {
      method: 'POST',
      pattern: '/__emulator/clients',
      open: true,
      handler: (request) => {
        registerClient(controls.auth, request.body as Parameters<typeof registerClient>[1]);
        return json({ registered: true }, 201);
      },
    },
    {
      // An API token of an admin whose roles allow only `access` (scope names): the rest answers 403 E0000006.
      method: 'POST',
      pattern: '/__emulator/tokens',
      open: true,
      handler: (request) => {
        const body = request.body as { token?: unknown; access?: unknown } | undefined;
        if (
          typeof body?.token !== 'string' ||
          body.token === '' ||
          !Array.isArray(body.access) ||
          !body.access.every((scope) => typeof scope === 'string')
        ) {
          return json({ error: 'send {"token": "…", "access": ["okta.groups.read", …]}' }, 400);
        }
        registerRestrictedToken(controls.auth, { token: body.token, access: body.access as string[] });
        return json({ registered: true }, 201);
      },
    },
  ];
}
