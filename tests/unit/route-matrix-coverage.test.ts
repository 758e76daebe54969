/**
 * The one route table (tests/e2e/route-matrix/table.ts) must list every route handler export under
 * src/app/api and every exported server action: a new route cannot ship without its anonymous,
 * wrong-role, other-tenant, right-role, bad-input and fuzz cases. Stale rows fail too.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/orgs/roles";
import { LOWEST_ROLE } from "../e2e/route-matrix/roles-spec";
import { MATRIX, rowName } from "../e2e/route-matrix/table";

const METHODS = "GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/** `GET /api/keys/[id]` for each HTTP method a route.ts exports (declarations or export lists). */
function routeExports(file: string, text: string): string[] {
  // Route groups, `(name)`, are folders that are not part of the URL.
  const segments = path
    .dirname(path.relative("src/app", file))
    .split(path.sep)
    .filter((s) => !/^\(.*\)$/.test(s));
  const route = `/${segments.join("/")}`;
  const declared = [...text.matchAll(new RegExp(`export\\s+(?:const|(?:async\\s+)?function)\\s+(${METHODS})\\b`, "g"))];
  const listed = [...text.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) =>
    m[1]!.split(",").map((s) =>
      s
        .trim()
        .split(/\s+as\s+/)
        .pop()!,
    ),
  );
  const methods = [...declared.map((m) => m[1]!), ...listed.filter((n) => new RegExp(`^(${METHODS})$`).test(n))];
  return methods.map((m) => `${m} ${route}`);
}

/** `<file>#<name>` for each export of a "use server" module. */
function serverActionExports(file: string, text: string): string[] {
  if (!/^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(text)) return [];
  const names = [...text.matchAll(/export\s+(?:async\s+)?(?:function\s*\*?|const|let)\s+(\w+)/g)].map((m) => m[1]!);
  return names.map((n) => `${file.split(path.sep).join("/")}#${n}`);
}

const source = files("src").filter((f) => /\.(ts|tsx)$/.test(f));
const routes = source
  .filter((f) => f.startsWith(path.join("src", "app", "api")) && path.basename(f) === "route.ts")
  .flatMap((f) => routeExports(f, readFileSync(f, "utf8")));
const actions = source.flatMap((f) => serverActionExports(f, readFileSync(f, "utf8")));
const rows = MATRIX.map((r) => (r.kind === "route" ? rowName(r) : r.route));

describe("route matrix coverage", () => {
  it("has a row for every route handler export and server action", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(actions.length).toBeGreaterThan(0);
    expect([...routes, ...actions].filter((r) => !rows.includes(r))).toEqual([]);
  });

  it("has no row for a handler or action that does not exist, and no row twice", () => {
    expect(rows.filter((r) => ![...routes, ...actions].includes(r))).toEqual([]);
    expect(new Set(rows).size).toBe(rows.length);
  });

  it("gives every row that takes input its schemas for the fuzzer and at least one bad input", () => {
    const withInput = MATRIX.filter((r) => r.input);
    expect(withInput.length).toBeGreaterThan(10);
    expect(withInput.filter((r) => !r.badInput?.length).map(rowName)).toEqual([]);
    // A path parameter is input too: a row naming `[id]` must say how it is parsed.
    expect(MATRIX.filter((r) => r.route.includes("[") && !r.input?.params).map(rowName)).toEqual([]);
    expect(MATRIX.filter((r) => r.badInput?.some((b) => b.status < 400 || b.status > 499)).map(rowName)).toEqual([]);
  });

  it("the discovery finds each way of exporting a handler or an action", () => {
    const file = path.join("src", "app", "(team)", "api", "things", "[id]", "route.ts");
    const text = [
      "export const GET = apiRoute({}, h);",
      "export async function POST(req) {}",
      "const patch = apiRoute({}, h); export { patch as PATCH, helper };",
      "export const dynamic = 'force-dynamic';",
    ].join("\n");
    expect(routeExports(file, text).sort()).toEqual([
      "GET /api/things/[id]",
      "PATCH /api/things/[id]",
      "POST /api/things/[id]",
    ]);
    const action = ['"use server";', "export async function a() {}", "export const b = async () => {};"].join("\n");
    expect(serverActionExports("src/app/x/actions.ts", action)).toEqual([
      "src/app/x/actions.ts#a",
      "src/app/x/actions.ts#b",
    ]);
    expect(serverActionExports("src/app/x/other.ts", "export async function a() {}")).toEqual([]);
  });
});

describe("role matrix", () => {
  it("src/lib/orgs/roles.ts grants exactly what the route matrix's written-down spec expects", () => {
    expect(PERMISSIONS).toEqual(LOWEST_ROLE);
  });
});
