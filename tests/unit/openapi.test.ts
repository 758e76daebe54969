/**
 * The OpenAPI document lists exactly the routes the route table lists (which a sibling test holds
 * equal to the route files), with the same permission, token scope and the very same zod input
 * schemas; and it is a well-formed OpenAPI 3.1 document.
 */
import { describe, expect, it } from "vitest";
import { API_OPERATIONS, buildOpenApiDocument, openApiPath } from "@/lib/openapi";
import { MATRIX, rowName } from "../e2e/route-matrix/table";

interface OperationObject {
  operationId: string;
  responses: Record<string, unknown>;
  parameters: { name: string; in: string }[];
}

const routeRows = MATRIX.flatMap((r) => (r.kind === "route" ? [r] : []));
const opName = (o: { method: string; path: string }) => `${o.method} ${o.path}`;

describe("OpenAPI document", () => {
  it("documents every route of the route table, and nothing else", () => {
    expect(routeRows.length).toBeGreaterThan(20);
    const documented = API_OPERATIONS.map(opName).sort();
    expect(documented).toEqual(routeRows.map(rowName).sort());
  });

  it("names each route's permission, token scope and input schemas as the route table does", () => {
    for (const row of routeRows) {
      const op = API_OPERATIONS.find((o) => opName(o) === rowName(row))!;
      const permission = ["public", "cron", "member", "metrics"].includes(row.access) ? undefined : row.access;
      expect(op.permission, rowName(row)).toBe(permission);
      expect(op.tokenScope, rowName(row)).toBe(row.tokenScope);
      expect(op.params, `${rowName(row)} params`).toBe(row.input?.params);
      expect(op.query, `${rowName(row)} query`).toBe(row.input?.query);
      expect(op.body, `${rowName(row)} body`).toBe(row.input?.body);
    }
  });

  it("is a well-formed OpenAPI 3.1 document with unique operation ids and a success response each", () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op: op as OperationObject })),
    );
    expect(ops.length).toBe(API_OPERATIONS.length);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      const statuses = Object.keys(op.responses).map(Number);
      expect(
        statuses.some((s) => s >= 200 && s < 300),
        `${method} ${path}`,
      ).toBe(true);
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        const param = name.slice(1, -1);
        expect(
          op.parameters.some((p) => p.name === param && p.in === "path"),
          `${method} ${path} ${param}`,
        ).toBe(true);
      }
    }
  });

  it("turns Next's [param] segments into OpenAPI's {param}", () => {
    expect(openApiPath("/api/members/[userId]")).toBe("/api/members/{userId}");
  });
});
