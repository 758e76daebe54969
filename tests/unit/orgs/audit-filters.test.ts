import { describe, expect, it } from "vitest";
import { auditExportQuerySchema, auditQuerySchema } from "@/lib/orgs/audit-filters";
import { formatZodError } from "@/lib/validation";

const problem = (schema: typeof auditQuerySchema | typeof auditExportQuerySchema, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? null : formatZodError(r.error);
};

describe("audit filters", () => {
  it("treats blank form fields as unset and keeps real values", () => {
    expect(auditQuerySchema.parse({ start: "", end: " ", action: "", cursor: "", limit: "" })).toEqual({});
    expect(
      auditQuerySchema.parse({ start: "2026-02-28", end: "2026-03-01", action: "key.create", limit: "25" }),
    ).toEqual({ start: "2026-02-28", end: "2026-03-01", action: "key.create", limit: 25 });
  });

  it.each([
    [{ start: "2026-02-30" }, /start must be a real date written YYYY-MM-DD/],
    [{ start: "2026-13-01" }, /start must be a real date written YYYY-MM-DD/],
    [{ end: "2026-00-10" }, /end must be a real date written YYYY-MM-DD/],
    [{ end: "yesterday" }, /end must be a real date/],
    [{ start: "1999-12-31" }, /start must be a date between 2000-01-01 and/],
    [{ start: "9999-12-31", end: "9999-12-31" }, /start must be a date between 2000-01-01 and/],
    [{ start: "2026-03-02", end: "2026-03-01" }, /end must be on or after start/],
    [{ action: "key.explode" }, /action must be one of: auth.sign_in/],
    [{ limit: "0" }, /limit must be at least 1/],
    [{ limit: "201" }, /limit must be at most 200/],
    [{ limit: "2.5" }, /limit must be a whole number/],
    [{ cursor: "0" }, /cursor must be the id of an audit entry/],
    [{ cursor: "12; drop table audit_log" }, /cursor must be the id/],
    [{ actor: "me" }, /unknown field: actor/],
  ])("refuses %j in plain words", (input, message) => {
    expect(problem(auditQuerySchema, input)).toMatch(message);
  });

  it("the export takes filters only: a page size or cursor is refused", () => {
    expect(problem(auditExportQuerySchema, { limit: "10" })).toMatch(/unknown field: limit/);
    expect(problem(auditExportQuerySchema, { cursor: "5" })).toMatch(/unknown field: cursor/);
    expect(problem(auditExportQuerySchema, { start: "2026-01-01", action: "auth.sign_in" })).toBeNull();
  });
});
