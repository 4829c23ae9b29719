import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

let cached: string | undefined;

/** This package's version, from its package.json. */
export function toolVersion(): string {
  cached ??= (
    JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }
  ).version;
  return cached;
}
