import path from 'node:path';
import { groupNameFor, maxYamlBytes } from '../model/config.js';
import type { Diagnostic, Position } from '../model/diagnostic.js';
import type { App, Entitlement } from '../model/state.js';
import { diagnostic, startOfFile } from './diagnose.js';
import { readInside } from './files.js';
import { displayPath, isInside } from './paths.js';
import { checkSchema } from './schema.js';
import { decodeText, readFailure } from './text.js';
import { parseYaml, positionOf, type YamlFile } from './yaml-file.js';

interface AppDocument {
  label: string;
  id?: string;
  description?: string;
  create?: { kind: 'bookmark'; url: string };
  csv: string | string[];
  entitlements?: { name: string; description?: string; group?: string; adopt?: boolean }[];
  allowUndeclaredEntitlements?: boolean;
  extraColumns?: string[];
}

/** A CSV that an app file lists, with where it is listed (for diagnostics about the reference). */
export interface CsvReference {
  readonly absolute: string;
  readonly from: { readonly file: string; readonly at: Position };
}

export interface LoadedApp {
  readonly app?: App;
  readonly yaml?: YamlFile;
  readonly csv: readonly CsvReference[];
  readonly diagnostics: Diagnostic[];
}

/** Reads one app file: parse, schema, declared entitlements, and the CSV paths it lists (checked to stay inside). */
export async function loadAppFile(root: string, absolute: string, naming: string): Promise<LoadedApp> {
  const file = displayPath(absolute);
  const read = await readInside(root, absolute, maxYamlBytes);
  if (!read.ok)
    return { csv: [], diagnostics: [readFailure(read, { file, at: startOfFile }, 'the app file', file)] };
  const text = decodeText(read.bytes, file);
  if (!text.ok) return { csv: [], diagnostics: [text.diagnostic] };
  const parsed = parseYaml(text.text, file);
  if (parsed.yaml === undefined) return { csv: [], diagnostics: parsed.diagnostics };
  const yaml = parsed.yaml;
  const diagnostics = [...parsed.diagnostics, ...checkSchema('app', yaml)];
  if (diagnostics.some((d) => d.severity === 'error')) return { yaml, csv: [], diagnostics };

  const doc = yaml.value as AppDocument;
  const entitlements = new Map<string, Entitlement>();
  for (const [index, declared] of (doc.entitlements ?? []).entries()) {
    const at = positionOf(yaml, ['entitlements', index, 'name']);
    const earlier = entitlements.get(declared.name);
    if (earlier !== undefined) {
      diagnostics.push(
        diagnostic(
          'error',
          'ENTITLEMENT_DUPLICATE',
          file,
          at,
          `entitlement "${declared.name}" is declared twice`,
          `the first declaration is on line ${earlier.source.line}`,
        ),
      );
      continue;
    }
    entitlements.set(declared.name, {
      app: doc.label,
      name: declared.name,
      groupName: declared.group ?? groupNameFor(naming, doc.label, declared.name),
      ...(declared.description === undefined ? {} : { description: declared.description }),
      ...(declared.adopt === true ? { adopt: true } : {}),
      declared: true,
      source: { file, line: at.line, col: at.col },
      members: new Map(),
    });
  }

  const csvPaths = typeof doc.csv === 'string' ? [doc.csv] : doc.csv;
  const csv: CsvReference[] = [];
  for (const [index, relative] of csvPaths.entries()) {
    const at = positionOf(yaml, typeof doc.csv === 'string' ? ['csv'] : ['csv', index]);
    const target = path.resolve(path.dirname(absolute), relative);
    if (path.isAbsolute(relative) || !isInside(root, target)) {
      diagnostics.push(
        diagnostic(
          'error',
          'PATH_OUTSIDE_REPO',
          file,
          at,
          `CSV path "${relative}" leaves the repository`,
          'paths are relative to the app file and must stay under the directory of okta-access.yaml',
        ),
      );
      continue;
    }
    csv.push({ absolute: target, from: { file, at } });
  }

  const app: App = {
    label: doc.label,
    ...(doc.id === undefined ? {} : { id: doc.id }),
    ...(doc.description === undefined ? {} : { description: doc.description }),
    ...(doc.create === undefined ? {} : { create: doc.create }),
    csvFiles: csv.map((reference) => reference.absolute),
    allowUndeclaredEntitlements: doc.allowUndeclaredEntitlements ?? false,
    extraColumns: doc.extraColumns ?? [],
    entitlements,
    source: { file, line: positionOf(yaml, ['label']).line },
  };
  return { app, yaml, csv, diagnostics };
}
