import type { EmulatorContext, Route } from '../types.js';

/** Okta Identity Governance: campaigns and reviews. */
export const governanceRoutes: Route[] = [];

/** Admin-surface routes for governance (`/__emulator/...`, `open: true`): reviewers' decisions. */
export const governanceAdminRoutes: Route[] = [];

/** Time-driven governance work (a scheduled campaign launches at its start date). */
export function governanceTick(_context: EmulatorContext): void {}
