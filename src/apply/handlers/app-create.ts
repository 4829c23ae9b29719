import { doneByAnotherRun } from '../another-run.js';
import type { Handler } from '../context.js';

/**
 * Creates the bookmark app, unless an app with the label appeared since apply read the org: another run made it
 * (then it is used, and its group assignments are that run's to make).
 */
export const appCreate: Handler<'app.create'> = async (change, context) => {
  const existing = (await context.port.findAppsByLabel(change.app)).find((app) => app.label === change.app);
  if (existing !== undefined) {
    context.appIds.set(change.app, existing.id);
    context.anotherRun?.mark(`app:${change.app}`);
    return { outcome: 'unchanged', detail: doneByAnotherRun };
  }
  const app = await context.port.createBookmarkApp(change.app, change.url);
  context.appIds.set(change.app, app.id);
  return { outcome: 'applied' };
};
