// Shared by the benchmarks: BENCHMARKS.md holds one section per benchmark between HTML-comment markers, and each run
// replaces only its own section.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export function machine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Replaces (or appends) the section between `<!-- name -->` markers. */
export function writeSection(file, name, lines) {
  const marker = `<!-- ${name} -->`;
  const section = [marker, ...lines, marker].join('\n');
  let text =
    '# Benchmarks\n\nWritten by `npm run bench`. Each section is replaced when its benchmark runs again.\n';
  try {
    text = readFileSync(file, 'utf8');
  } catch {}
  const pattern = new RegExp(`${marker}[\\s\\S]*?${marker}`);
  text = pattern.test(text) ? text.replace(pattern, () => section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}
