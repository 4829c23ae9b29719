import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from 'yaml';
import type { Diagnostic, Position } from '../model/diagnostic.js';
import { diagnostic, startOfFile } from './diagnose.js';
import { holdsCredential, isCredentialVariable } from './env-names.js';

/** A parsed YAML file that can answer "where is this value?" for diagnostics. */
export interface YamlFile {
  /** The path shown in diagnostics. */
  readonly file: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** The plain JavaScript value of the document. */
  readonly value: unknown;
}

export type PathSegment = string | number;

export interface ParseYamlOptions {
  /**
   * Expand `${VAR}` and `${VAR:-default}` from `env`, in the string values at the paths `at` only (`org.url` of the
   * root config). Everywhere else, and without this option, `${VAR}` is an error; a credential's variable is never
   * expanded (src/load/env-names.ts).
   */
  readonly expand?: {
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly at: readonly (readonly PathSegment[])[];
  };
}

/** Anchors and aliases are allowed, but an alias count past this is refused as an expansion bomb. */
const maxAliasCount = 100;
// Names with a hyphen are matched too: runner variables such as INPUT_OKTA-API-TOKEN are refused by name.
const interpolation = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_-]*)(?::-([^}]*))?\}/g;

/** Parses one YAML document, collecting syntax problems with their positions instead of throwing. */
export function parseYaml(
  text: string,
  file: string,
  options: ParseYamlOptions = {},
): {
  yaml?: YamlFile;
  diagnostics: Diagnostic[];
} {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): Position => toPosition(lineCounter, offset);

  for (const error of doc.errors) {
    const position = at(
      error.code === 'MISSING_CHAR' && /quote/.test(error.message)
        ? openingQuote(text, error.pos[0])
        : error.pos[0],
    );
    if (error.code === 'DUPLICATE_KEY') {
      diagnostics.push(
        diagnostic(
          'error',
          'YAML_DUPLICATE_KEY',
          file,
          position,
          'duplicate key',
          'each key may appear once in a mapping',
        ),
      );
    } else if (error.code === 'MULTIPLE_DOCS') {
      diagnostics.push(
        diagnostic(
          'error',
          'YAML_MULTIPLE_DOCUMENTS',
          file,
          position,
          'the file holds more than one YAML document',
          'remove the "---" separator: one file holds one document',
        ),
      );
    } else {
      diagnostics.push(
        diagnostic('error', 'YAML_SYNTAX', file, position, `YAML syntax: ${firstLine(error.message)}`),
      );
    }
  }
  if (diagnostics.length > 0) return { diagnostics };

  interpolate(doc, file, at, options.expand, diagnostics);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      diagnostics.push(
        diagnostic(
          'error',
          'YAML_ALIAS_LIMIT',
          file,
          firstAliasPosition(doc, at),
          `aliases expand past the limit of ${maxAliasCount} (a YAML expansion bomb)`,
          'write the values out, or use fewer anchors and aliases',
        ),
      );
      return { diagnostics };
    }
    throw error;
  }
  return { yaml: { file, doc, lineCounter, value }, diagnostics };
}

/**
 * The position of the value at `path`, or of its key when `which` is `key` (the right place for "unknown key").
 * A mapping or list value is given at its key. Falls back to the deepest node that exists.
 */
export function positionOf(
  yaml: YamlFile,
  path: readonly PathSegment[],
  which: 'key' | 'value' = 'value',
): Position {
  let node: unknown = yaml.doc.contents;
  let best: number | undefined = rangeStart(node);
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) break;
      if (last && which === 'key') return toPosition(yaml.lineCounter, rangeStart(pair.key) ?? best ?? 0);
      best = rangeStart(pair.key) ?? best;
      node = pair.value;
      // A mapping or list is shown at its key ("groups:"), where a reader looks for it.
      if (!isMap(node) && !isSeq(node)) best = rangeStart(node) ?? best;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      node = item;
      best = rangeStart(node) ?? best;
    } else {
      break;
    }
  }
  return best === undefined ? startOfFile : toPosition(yaml.lineCounter, best);
}

/** Splits an ajv `instancePath` (`/a/0/b`) into segments. */
export function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function interpolate(
  doc: Document,
  file: string,
  at: (offset: number) => Position,
  expand: ParseYamlOptions['expand'],
  diagnostics: Diagnostic[],
): void {
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const position = at(node.range?.[0] ?? 0);
      const report = (
        code: 'ENV_NOT_ALLOWED' | 'ENV_VAR_NOT_ALLOWED' | 'ENV_UNDEFINED',
        message: string,
        hint: string,
      ) => diagnostics.push(diagnostic('error', code, file, position, message, hint));
      // An anchored value could be repeated by an alias anywhere else in the file: it is never expanded.
      const here =
        expand !== undefined &&
        key === 'value' &&
        node.anchor === undefined &&
        expand.at.some((path) => samePath(path, keyPath(ancestors, node)))
          ? expand.env
          : undefined;
      node.value = node.value.replace(
        interpolation,
        (match, escaped: string, name: string, fallback?: string) => {
          if (escaped === '$') return match.slice(1);
          if (isCredentialVariable(name)) {
            report(
              'ENV_VAR_NOT_ALLOWED',
              `\${${name}} names a credential or runner variable, which is never expanded`,
              'take secrets from the workflow, never from the repository; write $${ for a literal ${',
            );
            return match;
          }
          if (here === undefined) {
            report(
              'ENV_NOT_ALLOWED',
              `\${${name}} is not expanded here: environment variables are read in org.url of okta-access.yaml only`,
              'write the value out, or write $${ for a literal ${',
            );
            return match;
          }
          const value = here[name];
          if (value !== undefined && value !== '') {
            if (holdsCredential(value, here)) {
              report(
                'ENV_VAR_NOT_ALLOWED',
                `\${${name}} holds the value of a credential variable, which is never expanded`,
                'take the org URL from OKTA_ORG_URL (the okta-org-url input of the Action)',
              );
              return '';
            }
            return value;
          }
          if (fallback !== undefined) return fallback;
          report(
            'ENV_UNDEFINED',
            `environment variable ${name} is not set`,
            `set ${name}, or give a default with \${${name}:-value}`,
          );
          return '';
        },
      );
    },
  });
}

/** The keys and indexes from the document's root down to `node`. */
function keyPath(ancestors: readonly unknown[], node: unknown): PathSegment[] {
  const path: PathSegment[] = [];
  for (const [index, ancestor] of ancestors.entries()) {
    if (isPair(ancestor)) {
      path.push(isScalar(ancestor.key) ? String(ancestor.key.value) : '');
    } else if (isSeq(ancestor)) {
      path.push(ancestor.items.indexOf(ancestors[index + 1] ?? node));
    }
  }
  return path;
}

function samePath(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

/** yaml reports an unclosed quote where the text ends; find where the quoted scalar opened instead. */
function openingQuote(text: string, errorOffset: number): number {
  const controlTokens = new Set(['\u0002', '\u0018', '\u001f']);
  let offset = 0;
  let found = errorOffset;
  for (const token of new Lexer().lex(text)) {
    if (controlTokens.has(token)) continue;
    const quote = token[0];
    if ((quote === '"' || quote === "'") && offset <= errorOffset) {
      const body = token.trimEnd();
      if (body.length < 2 || !body.endsWith(quote)) found = offset;
    }
    offset += token.length;
  }
  return found;
}

function firstAliasPosition(doc: Document, at: (offset: number) => Position): Position {
  let found: Position | undefined;
  visit(doc, {
    Alias(_key, node) {
      found = at(node.range?.[0] ?? 0);
      return visit.BREAK;
    },
  });
  return found ?? startOfFile;
}

function rangeStart(node: unknown): number | undefined {
  if (isPair(node)) return rangeStart(node.key);
  if (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) return (node as Node).range?.[0];
  return undefined;
}

function toPosition(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
