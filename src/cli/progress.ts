import type { CliIo } from './io.js';

/**
 * Progress of CSV reading on stderr: redrawn in place on a terminal; in CI and pipes, one line per 100,000 rows
 * so logs stay short. Small files print nothing.
 */
export function csvProgress(io: CliIo): {
  onProgress: (event: { file: string; rows: number }) => void;
  done: () => void;
} {
  let drawn = false;
  return {
    onProgress({ file, rows }) {
      if (rows < 100_000) return;
      const text = `reading ${file}: ${rows.toLocaleString('en-US')} rows`;
      if (io.interactive) {
        io.stderr.write(`\r\x1b[2K${text}`);
        drawn = true;
      } else {
        io.stderr.write(`${text}\n`);
      }
    },
    done() {
      if (drawn) io.stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
