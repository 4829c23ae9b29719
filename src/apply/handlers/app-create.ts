import type { Handler } from '../context.js';

/** Creates the bookmark app, unless an app with the label appeared since the plan (then it is used). */
export const appCreate: Handler<'app.create'> = async (change, context) => {
  const existing = (await context.port.findAppsByLabel(change.app)).find((app) => app.label === change.app);
  if (existing !== undefined) {
    context.appIds.set(change.app, existing.id);
    return { outcome: 'unchanged', detail: `an app labelled ${change.app} already exists (${existing.id})` };
  }
  const app = await context.port.createBookmarkApp(change.app, change.url);
  context.appIds.set(change.app, app.id);
  return { outcome: 'applied' };
};
