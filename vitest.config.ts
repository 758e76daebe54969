import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const alias = { "@": path.resolve(import.meta.dirname, "src") };

/** Vitest's order, except that `*.last.test.ts` files run after all others (the e2e log scan). */
class LastFilesLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const last = (f: TestSpecification) => /\.last\.test\.[cm]?[jt]s$/.test(f.moduleId);
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => !last(f)), ...sorted.filter(last)];
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    // The e2e log scan (`*.last.test.ts`) must run after every other file.
    sequence: { sequencer: LastFilesLastSequencer },
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Test files share one PostgreSQL server; two workers keep the 2-core machines busy.
          maxWorkers: 2,
          // Suites with real servers and a loaded machine: one retry, and `npm test` lists every test
          // that passed only on it, so a flake is named rather than hidden.
          retry: 1,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          retry: 1,
        },
      },
    ],
  },
});
