import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The machine has two cores; the PostgreSQL and crash tests spawn processes of their own.
    maxWorkers: 2,
  },
});
