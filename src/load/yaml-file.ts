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
  /** Interpolate `${VAR}` and `${VAR:-default}` from this environment (the root config only). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Anchors and aliases are allowed, but an alias count past this is refused as an expansion bomb. */
const maxAliasCount = 100;
const interpolation = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

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

  interpolate(doc, file, at, options.env, diagnostics);

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
  env: Readonly<Record<string, string | undefined>> | undefined,
  diagnostics: Diagnostic[],
): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const position = at(node.range?.[0] ?? 0);
      node.value = node.value.replace(
        interpolation,
        (match, escaped: string, name: string, fallback?: string) => {
          if (escaped === '$') return match.slice(1);
          if (env === undefined) {
            diagnostics.push(
              diagnostic(
                'error',
                'ENV_NOT_ALLOWED',
                file,
                position,
                `\${${name}} is not interpolated here: environment variables are read in okta-access.yaml only`,
                'move the value to okta-access.yaml, or write $${ for a literal ${',
              ),
            );
            return match;
          }
          const value = env[name];
          if (value !== undefined && value !== '') return value;
          if (fallback !== undefined) return fallback;
          diagnostics.push(
            diagnostic(
              'error',
              'ENV_UNDEFINED',
              file,
              position,
              `environment variable ${name} is not set`,
              `set ${name}, or give a default with \${${name}:-value}`,
            ),
          );
          return '';
        },
      );
    },
  });
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
