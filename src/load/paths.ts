import path from 'node:path';

/** A path for people to read: relative to the working directory, with forward slashes. */
export function displayPath(absolute: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative === '' ? '.' : relative;
  return shown.split(path.sep).join('/');
}

/** Whether `candidate` (absolute) is `root` or lies below it. */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
