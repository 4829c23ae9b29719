import type { EmulatorContext, Route } from '../types.js';

/** Anything-as-a-Source: identity-source sessions, bulk upsert/delete, import. */
export const identitySourceRoutes: Route[] = [];

/** Time-driven identity-source work (a triggered import completes; idle sessions expire). */
export function identitySourceTick(_context: EmulatorContext): void {}
