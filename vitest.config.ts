import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    env: { TZ: 'UTC', NO_COLOR: '1' },
    testTimeout: 30_000,
    // After every test: fail when a secret shows in anything the test captured (test/support/secrets.ts).
    setupFiles: ['test/support/secrets-setup.ts'],
  },
});
