/**
 * The route x role x tenant matrix in local mode (session cookies), over HTTP against the built
 * app: every row of tests/e2e/route-matrix/table.ts with all its cases. The same table runs in
 * Clerk mode in clerk-mode.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "./app-server";
import { readActionIndex } from "./route-matrix/http";
import { startLocalWorld } from "./route-matrix/local-world";
import { runMatrix } from "./route-matrix/runner";
import { FRAMEWORK_ACTIONS, MATRIX } from "./route-matrix/table";
import type { World } from "./route-matrix/world";

let world: World;
let app: RunningApp;

beforeAll(async () => {
  ({ world, app } = await startLocalWorld());
});
afterAll(async () => app?.stop());

describe("route x role x tenant matrix (local accounts)", () => {
  runMatrix("local", () => world);
});

describe("server actions of the build", () => {
  it("every server action the build registers has a row, or is a listed framework action", () => {
    const built = [...readActionIndex().keys()];
    expect(built.length).toBeGreaterThan(0);
    const rows = new Set(MATRIX.filter((r) => r.kind === "action").map((r) => r.route));
    expect(built.filter((ref) => !rows.has(ref) && !(ref in FRAMEWORK_ACTIONS))).toEqual([]);
    expect([...rows].filter((ref) => !built.includes(ref))).toEqual([]);
  });
});
