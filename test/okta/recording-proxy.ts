import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One exchange as the proxy saw it. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly requestBody: string;
  readonly limit?: number;
  readonly remaining?: number;
}

export interface RecordingProxy {
  /** Give this to the port as the org URL. */
  readonly url: string;
  readonly exchanges: Exchange[];
  /** The most requests that were waiting for an answer at once. */
  readonly maxInFlight: () => number;
  stop(): Promise<void>;
}

/**
 * A transparent HTTP proxy in front of the emulator, recording what the port sent and what came back. The Host header
 * is passed through, so the emulator's absolute Link headers point at the proxy and paging stays observed.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const exchanges: Exchange[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((incoming, outgoing) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const sent: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => sent.push(chunk));
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const limit = response.headers['x-rate-limit-limit'];
          const remaining = response.headers['x-rate-limit-remaining'];
          exchanges.push({
            method: incoming.method ?? 'GET',
            path: incoming.url ?? '/',
            status: response.statusCode ?? 0,
            requestHeaders: incoming.headers,
            requestBody: Buffer.concat(sent).toString('utf8'),
            ...(typeof limit === 'string' ? { limit: Number(limit) } : {}),
            ...(typeof remaining === 'string' ? { remaining: Number(remaining) } : {}),
          });
          // Counted out before the answer leaves, so the client cannot start its next request first.
          inFlight--;
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          outgoing.end(Buffer.concat(chunks));
        });
      },
    );
    forwarded.on('error', () => {
      inFlight--;
      outgoing.destroy();
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    maxInFlight: () => maxInFlight,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
