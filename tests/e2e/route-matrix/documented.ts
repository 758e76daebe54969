/**
 * A route's successful answer must have the shape the OpenAPI document promises (src/lib/openapi),
 * and every error answer the one error shape: the reference cannot drift from what routes return.
 */
import { expect } from "vitest";
import { documentedResponse } from "@/lib/openapi";
import { errorBody } from "@/lib/openapi/shapes";
import type { Reply } from "./http";
import { rowName, type MatrixRow } from "./table";

export function expectDocumentedAnswer(row: MatrixRow, reply: Reply) {
  if (row.kind !== "route") return;
  const name = `${rowName(row)} -> ${reply.status}`;
  if (reply.status >= 400) {
    const parsed = errorBody.safeParse(reply.body);
    expect(parsed.success, `${name}: not the documented error shape: ${reply.text.slice(0, 300)}`).toBe(true);
    return;
  }
  const documented = documentedResponse(row.method, row.route, reply.status);
  expect(documented, `${name} is not documented in src/lib/openapi`).not.toBeNull();
  if (!documented!.schema) {
    expect(reply.headers.get("content-type") ?? "", name).toContain(documented!.contentType ?? "application/json");
    return;
  }
  const parsed = documented!.schema.safeParse(reply.body);
  expect(
    parsed.success,
    `${name}: answer does not match the documented shape: ${parsed.error?.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".")}: ${i.message}`)
      .join("; ")}`,
  ).toBe(true);
}
