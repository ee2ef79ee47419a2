import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One MariaDB template datadir for the run (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // Integration tests start their own MariaDB servers; give them room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
