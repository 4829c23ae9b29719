import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import type { InitFile } from './files.js';

/** The example workflows shipped with the package (package.json `files` holds examples/). */
export function exampleWorkflowsDirectory(): string {
  return path.join(packageRoot(), 'examples', 'github');
}

/**
 * The GitHub workflows of a new access repository: every `*.yml` of the package's examples/github, read now — never a
 * copy kept in the code, so that `init` writes exactly the workflows this version documents — each as
 * `.github/workflows/okta-access-<name>.yml`, the name the example's own header asks for.
 */
export async function exampleWorkflows(): Promise<InitFile[]> {
  const directory = exampleWorkflowsDirectory();
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => name.endsWith('.yml')).sort();
  } catch (error) {
    throw new Error(`the package is incomplete: cannot read its example workflows in ${directory}`, {
      cause: error,
    });
  }
  if (names.length === 0) throw new Error(`the package is incomplete: no example workflow in ${directory}`);
  const files: InitFile[] = [];
  for (const name of names) {
    const text = await readFile(path.join(directory, name), 'utf8');
    const stem = name.replace(/\.yml$/, '');
    files.push({
      path: `.github/workflows/okta-access-${stem}.yml`,
      text,
      about: workflowAbout(text) ?? `the ${stem} workflow`,
    });
  }
  return files;
}

/** The workflow's `name:`, for the listing. */
function workflowAbout(text: string): string | undefined {
  const name = /^name:\s*(.+?)\s*$/m.exec(text)?.[1];
  return name === undefined ? undefined : `GitHub workflow "${name.replace(/^["']|["']$/g, '')}"`;
}
