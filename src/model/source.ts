/** Where a piece of desired state was declared: a file (relative to the working directory) and a 1-based line. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly col?: number;
}

export function formatSource(source: SourceRef): string {
  return source.col === undefined
    ? `${source.file}:${source.line}`
    : `${source.file}:${source.line}:${source.col}`;
}
