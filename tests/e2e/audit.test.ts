/**
 * The audit log over HTTP on the shared app: what an owner does shows up in GET /api/audit (newest
 * first, filtered, paged), the CSV export holds the same entries, and the page renders the filters
 * and the table accessibly. Who may read it (admins, owners; viewers 403) is in the route matrix.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { ApiUser, env } from "./api-client";

interface Entry {
  id: string;
  action: string;
  actorEmail: string | null;
  targetId: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}
type Page = { entries: Entry[]; nextCursor: string | null };

async function ownerWithHistory() {
  const user = await ApiUser.signUp("audit");
  const created = await user.call<{ key: { id: string } }>("POST", "/api/keys", {
    provider: "openai",
    label: '=HYPERLINK("http://evil.example","Audit key")',
    usageMode: "standard",
    apiKey: env().standardKey,
  });
  expect(created.status).toBe(201);
  const id = created.body.key.id;
  expect((await user.call("PATCH", `/api/keys/${id}`, { label: "Audit key, renamed" })).status).toBe(200);
  expect((await user.call("DELETE", `/api/keys/${id}`)).status).toBe(200);
  return { user, keyId: id };
}

describe("audit log over HTTP", () => {
  it("lists what the owner did, newest first, with request ids and never the secret", async () => {
    const { user, keyId } = await ownerWithHistory();
    const res = await user.call<Page>("GET", "/api/audit");
    expect(res.status).toBe(200);
    const keyEntries = res.body.entries.filter((e) => e.targetId === keyId);
    expect(keyEntries.map((e) => e.action)).toEqual(["key.delete", "key.update", "key.create"]);
    expect(keyEntries.every((e) => e.actorEmail === user.email && e.requestId)).toBe(true);
    expect(res.body.entries.map((e) => e.action)).toContain("org.create");
    expect(res.text).not.toContain(env().standardKey);
  });

  it("filters by action and date, pages with the cursor, and refuses bad filters in plain words", async () => {
    const { user } = await ownerWithHistory();
    const today = new Date().toISOString().slice(0, 10);
    const first = await user.call<Page>("GET", `/api/audit?action=key.update&start=${today}&end=${today}`);
    expect(first.body.entries.map((e) => e.action)).toEqual(["key.update"]);
    const none = await user.call<Page>("GET", "/api/audit?end=2001-01-01");
    expect(none.body).toEqual({ entries: [], nextCursor: null });
    const page1 = await user.call<Page>("GET", "/api/audit?limit=2");
    expect(page1.body.entries).toHaveLength(2);
    const page2 = await user.call<Page>("GET", `/api/audit?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.entries.length).toBeGreaterThan(0);
    expect(page2.body.entries.map((e) => e.id)).not.toContain(page1.body.entries[1]!.id);
    expect(Number(page2.body.entries[0]!.id)).toBeLessThan(Number(page1.body.entries[1]!.id));
    const bad = await user.call<{ error: { message: string } }>("GET", "/api/audit?start=2026-13-01");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/start must be a real date/);
  });

  it("exports the same entries as CSV with formula cells neutralized", async () => {
    const { user, keyId } = await ownerWithHistory();
    const listed = await user.call<Page>("GET", "/api/audit?limit=200");
    const csv = await user.call("GET", "/api/audit/export");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="cognitrack-audit-/);
    const rows = parse(csv.text, { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(listed.body.entries.map((e) => e.id));
    const created = rows.find((r) => r.action === "key.create" && r.target_id === keyId)!;
    expect(JSON.parse(created.details_json!).label).toMatch(/^=HYPERLINK/);
    expect(csv.text).not.toContain(env().standardKey);
  });

  it("the page has labelled filters, table headers and an export link with the same filters", async () => {
    const { user } = await ownerWithHistory();
    const res = await user.call("GET", "/settings/audit?action=key.create");
    expect(res.status).toBe(200);
    for (const [id, label] of [
      ["audit-start", "From \\(UTC\\)"],
      ["audit-end", "To \\(UTC\\)"],
      ["audit-action", "Action"],
    ]) {
      expect(res.text).toMatch(new RegExp(`<label for="${id}">${label}</label>`));
      expect(res.text).toMatch(new RegExp(`id="${id}"`));
    }
    for (const th of ["When \\(UTC\\)", "Action", "Who", "Target", "Details", "Request id"]) {
      expect(res.text).toMatch(new RegExp(`<th scope="col">${th}</th>`));
    }
    expect(res.text).toContain('href="/api/audit/export?action=key.create"');
    expect(res.text).toContain("<td>Provider key added</td>");
    expect(res.text).not.toContain("<td>Provider key edited</td>");
  });
});
