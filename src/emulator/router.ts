import type { Route } from './types.js';

interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

export interface Match {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Matches `/api/v1/groups/:groupId` style patterns; a path known under another method gives `methodMismatch`. */
export function createRouter(
  routes: readonly Route[],
): (method: string, path: string) => Match | 'methodMismatch' | undefined {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.+?^${}()|[\]\\*]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    return { route, regex: new RegExp(`^${source}/?$`), names };
  });
  return (method, path) => {
    let pathKnown = false;
    for (const candidate of compiled) {
      const found = candidate.regex.exec(path);
      if (found === null) continue;
      pathKnown = true;
      if (candidate.route.method !== method) continue;
      const params: Record<string, string> = {};
      candidate.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route: candidate.route, params };
    }
    return pathKnown ? 'methodMismatch' : undefined;
  };
}
