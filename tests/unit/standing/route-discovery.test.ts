import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverRoutes, discoverServerActions, exportedMethods, routePathOf } from "../../e2e/route-discovery";

describe("route discovery", () => {
  it("reads every way a route file exports a method, and only HTTP methods", () => {
    const source = `
      export const dynamic = "force-dynamic";
      export const GET = apiRoute({}, handler);
      export async function POST(req) {}
      export function DELETE() {}
      const patch = () => {};
      export { patch as PATCH, helper };
      export const CONFIG = {};
    `;
    expect(exportedMethods(source)).toEqual(["GET", "POST", "PATCH", "DELETE"]);
  });

  it("names a route by its folders, dropping route groups", () => {
    const app = path.join("/x", "src", "app");
    expect(routePathOf(app, path.join(app, "api", "keys", "[id]", "route.ts"))).toBe("/api/keys/[id]");
    expect(routePathOf(app, path.join(app, "(admin)", "api", "teams", "route.ts"))).toBe("/api/teams");
  });

  it("finds this project's routes and its Refresh action", () => {
    const routes = discoverRoutes().map((r) => `${r.method} ${r.path}`);
    expect(routes).toContain("PATCH /api/keys/[id]");
    expect(routes).toContain("GET /api/cron/daily-usage");
    expect(discoverServerActions()).toContainEqual({
      file: "src/app/dashboard/actions.ts",
      exportedName: "refreshUsageAction",
    });
  });
});
