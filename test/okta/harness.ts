import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { createOktaPort, type OktaPortOptions, type WaitEvent } from '../../src/okta/client.js';
import type { OktaPort } from '../../src/okta/port.js';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

export interface Harness {
  readonly emulator: RunningEmulator;
  readonly proxy: RecordingProxy;
  readonly port: OktaPort;
  readonly events: WaitEvent[];
  groupId(name: string): string;
  userId(login: string): string;
  stop(): Promise<void>;
}

/**
 * One emulator, a recording proxy in front of it, and a port talking through the proxy: each test gets its own, so
 * that fault numbers start at 1 and tests that wait for a rate-limit window can run concurrently.
 */
export async function startHarness(
  emulatorOptions: EmulatorOptions = {},
  portOptions: Partial<OktaPortOptions> = {},
): Promise<Harness> {
  const emulator = await startEmulator({
    seed: {
      users: [{ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }],
      groups: [{ name: 'Limited', members: ['ada@example.com'] }, { name: 'Spare' }],
    },
    ...emulatorOptions,
  });
  const proxy = await startRecordingProxy(emulator.url);
  const events: WaitEvent[] = [];
  const port = createOktaPort({
    orgUrl: proxy.url,
    auth: { token: emulator.token },
    onWait: (event) => events.push(event),
    ...portOptions,
  });
  return {
    emulator,
    proxy,
    port,
    events,
    groupId: (name) => emulator.store.groupByName(name)?.id ?? '',
    userId: (login) => emulator.store.findUser(login)?.id ?? '',
    async stop() {
      await proxy.stop();
      await emulator.stop();
    },
  };
}

/** Runs a test body with a harness and always stops it. */
export async function withHarness(
  emulatorOptions: EmulatorOptions,
  portOptions: Partial<OktaPortOptions>,
  body: (harness: Harness) => Promise<void>,
): Promise<void> {
  const harness = await startHarness(emulatorOptions, portOptions);
  try {
    await body(harness);
  } finally {
    await harness.stop();
  }
}
