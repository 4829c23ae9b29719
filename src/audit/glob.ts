/**
 * The config's `apps` globs, matched against the file list of a commit (the loader matches them against the disk
 * with tinyglobby). Supported: `*`, `?`, `**`, `[...]`, `{a,b}`; like tinyglobby, wildcards do not match names that
 * start with a dot.
 */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.replace(/^\.\//, '').split('/');
  let source = '';
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (segment === '**') {
      source += last ? '(?:(?!\\.)[^/]+(?:/|$))*' : '(?:(?!\\.)[^/]+/)*';
      continue;
    }
    source += segmentSource(segment) + (last ? '' : '/');
  }
  return new RegExp(`^${source}$`);
}

function segmentSource(segment: string): string {
  let source = /^[*?[{]/.test(segment) ? '(?!\\.)' : '';
  for (let index = 0; index < segment.length; index++) {
    const char = segment[index] as string;
    if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = segment.indexOf(']', index + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      const body = segment
        .slice(index + 1, close)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\');
      source += `[${body}]`;
      index = close;
    } else if (char === '{') {
      const close = segment.indexOf('}', index);
      if (close === -1) {
        source += '\\{';
        continue;
      }
      const options = segment.slice(index + 1, close).split(',');
      source += `(?:${options.map(segmentSource).join('|')})`;
      index = close;
    } else {
      source += char.replace(/[.+^$()|\\\]}]/g, '\\$&');
    }
  }
  return source;
}

/** Whether `file` (relative to the config's folder, with `/`) matches any of `patterns`. */
export function matchesAny(file: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((pattern) => pattern.test(file));
}
