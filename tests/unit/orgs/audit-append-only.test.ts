/**
 * The audit log is append-only by construction: the database user could delete rows, so the
 * guarantee is that no code path does. This reads every source file and fails on any update or
 * delete aimed at audit_log (Drizzle's builder or raw SQL).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOTS = ["src", "scripts"];
const WRITES = [
  /\.(update|delete)\(\s*auditLog\b/,
  /\b(update|delete\s+from)\s+"?audit_log"?\b/i,
  /\btruncate\s+(table\s+)?"?audit_log"?\b/i,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mjs|js)$/.test(name) ? [full] : [];
  });
}

function auditWrites(files: { path: string; text: string }[]) {
  return files.flatMap(({ path: p, text }) =>
    text
      .split("\n")
      .flatMap((line, i) => (WRITES.some((re) => re.test(line)) ? [`${p}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe("audit log append-only", () => {
  it("no source file updates, deletes or truncates audit_log", () => {
    const files = ROOTS.flatMap(sourceFiles).map((p) => ({ path: p, text: readFileSync(p, "utf8") }));
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.text.includes("insert(auditLog)"))).toBe(true);
    expect(auditWrites(files)).toEqual([]);
  });

  it("the check recognizes each form of write it forbids", () => {
    const samples = [
      "await db.update(auditLog).set({ action: 'x' })",
      "await tx.delete(auditLog).where(eq(auditLog.id, 1))",
      "sql`delete from audit_log where id = 1`",
      "sql`UPDATE audit_log SET action = 'x'`",
      "sql`truncate table audit_log`",
    ];
    expect(auditWrites(samples.map((text, i) => ({ path: `sample${i}`, text })))).toHaveLength(samples.length);
    expect(auditWrites([{ path: "ok", text: "select c.id from audit_log c where c.org_id = $1" }])).toEqual([]);
  });
});
