/**
 * Vitest's file order, except that `*.last.test.ts` files run after all others (the log scan has
 * to see what every other test made the servers print).
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

export const runsLast = (moduleId: string) => /\.last\.test\.[cm]?[jt]s$/.test(moduleId);

export class LastFilesLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => !runsLast(f.moduleId)), ...sorted.filter((f) => runsLast(f.moduleId))];
  }
}
