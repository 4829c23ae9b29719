import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/**
 * Reads blobs through one long-lived `git cat-file --batch`: one process for every file version the audit reads,
 * instead of one `git show REV:path` per version. Requests are pipelined; answers come back in order.
 */
export interface BlobReader {
  read(oid: string): Promise<Buffer>;
  /** Whether the `git cat-file` process was started (it counts as one Git invocation). */
  started(): boolean;
  close(): Promise<void>;
}

interface Pending {
  readonly oid: string;
  resolve(bytes: Buffer): void;
  reject(error: Error): void;
}

export function openBlobReader(repoDir: string): BlobReader {
  let child: ChildProcessWithoutNullStreams | undefined;
  const pending: Pending[] = [];
  let chunks: Buffer[] = [];
  let buffered = 0;
  /** The blob being received: its size and where its bytes go. */
  let current: { size: number; bytes: Buffer; filled: number } | undefined;
  let failure: Error | undefined;
  let stderr = '';

  function fail(error: Error): void {
    failure ??= error;
    for (const waiting of pending.splice(0)) waiting.reject(failure);
  }

  function start(): ChildProcessWithoutNullStreams {
    const process = spawn('git', ['cat-file', '--batch'], { cwd: repoDir, stdio: ['pipe', 'pipe', 'pipe'] });
    process.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.length;
      drain();
    });
    process.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    process.on('error', (error) => fail(error));
    process.on('close', (code) => {
      if (pending.length > 0) fail(new Error(`git cat-file exited with ${code}: ${stderr.trim()}`));
    });
    process.stdin.on('error', (error) => fail(error));
    return process;
  }

  function take(length: number): Buffer {
    const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, buffered);
    const head = all.subarray(0, length);
    const rest = all.subarray(length);
    chunks = rest.length > 0 ? [rest] : [];
    buffered = rest.length;
    return head;
  }

  function drain(): void {
    for (;;) {
      if (current !== undefined) {
        // Copy what has arrived of the blob, then its trailing newline.
        while (current.filled < current.size && chunks.length > 0) {
          const chunk = chunks[0] as Buffer;
          const wanted = current.size - current.filled;
          const used = Math.min(wanted, chunk.length);
          chunk.copy(current.bytes, current.filled, 0, used);
          current.filled += used;
          buffered -= used;
          if (used === chunk.length) chunks.shift();
          else chunks[0] = chunk.subarray(used);
        }
        if (current.filled < current.size || buffered < 1) return;
        take(1);
        const done = pending.shift();
        done?.resolve(current.bytes);
        current = undefined;
        continue;
      }
      if (buffered === 0) return;
      const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, buffered);
      chunks = [all];
      const newline = all.indexOf(10);
      if (newline === -1) return;
      const header = take(newline + 1)
        .toString('utf8')
        .trim();
      const [, type, size] = header.split(' ');
      if (type === 'missing' || size === undefined) {
        pending.shift()?.reject(new Error(`git has no object ${header.split(' ')[0] ?? header}`));
        continue;
      }
      const length = Number(size);
      current = { size: length, bytes: Buffer.allocUnsafe(length), filled: 0 };
    }
  }

  return {
    read(oid) {
      if (failure !== undefined) return Promise.reject(failure);
      child ??= start();
      const process = child;
      return new Promise<Buffer>((resolve, reject) => {
        pending.push({ oid, resolve, reject });
        process.stdin.write(`${oid}\n`);
      });
    },
    started: () => child !== undefined,
    async close() {
      const process = child;
      if (process === undefined || process.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        process.once('close', () => resolve());
        process.stdin.end();
      });
    },
  };
}
