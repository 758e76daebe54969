// Shared by the admin sync tests over HTTP: emulator controls, the product's admin tables as
// `kind:id` -> name, what the emulator lists now in the same shape, and one sync through the entry point.
import { eq } from "drizzle-orm";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import type { AnthropicOrganization } from "../../../scripts/emulator/anthropic/types";
import type { Organization } from "../../../scripts/emulator/types";
import { providerAccounts, providerCatalog } from "@/db/schema";
import type { Db } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { emulatorConfig, WINDOW } from "./harness";

export async function control(emulator: EmulatorHandle, method: "POST" | "DELETE", path: string, body?: unknown) {
  const response = await fetch(`${emulator.origin}/__emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** What the product should hold for the emulator's organization now: `kind:id` -> name. */
export function emulatorState(org: Organization): Map<string, string> {
  const state = new Map<string, string>();
  const put = (kind: string, o: { id: string; name: string | null; email?: string | null }) =>
    state.set(`${kind}:${o.id}`, o.name || o.email || o.id);
  for (const p of org.projects) {
    put("project", p);
    for (const k of org.projectApiKeys.get(p.id) ?? []) put("api_key", k);
    // OpenAI refuses to list an archived project's members and service accounts.
    if (p.status === "archived") continue;
    for (const u of org.projectUsers.get(p.id) ?? []) put("user", u);
    for (const s of org.serviceAccounts.get(p.id) ?? []) put("service_account", s);
  }
  for (const k of org.adminApiKeys) put("admin_api_key", k);
  for (const c of org.certificates) put("certificate", c);
  return state;
}

export async function catalogRows(db: Db, accountId: string) {
  return db.select().from(providerCatalog).where(eq(providerCatalog.accountId, accountId));
}
export const live = (rows: Awaited<ReturnType<typeof catalogRows>>) =>
  new Map(rows.filter((r) => r.deletedAt === null).map((r) => [`${r.kind}:${r.externalId}`, r.name]));
export const sorted = (map: Map<string, string>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));

/** One ingestion run of the organization (OpenAI and Anthropic keys); the issue codes it reported. */
export async function sync(db: Db, emulator: EmulatorHandle, orgId: string) {
  const config = emulatorConfig(emulator, {
    ANTHROPIC_API_BASE_URL: emulator.anthropicUrl,
    ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: "60000",
    ANTHROPIC_ADMIN_MAX_BURST: "1000",
  });
  const result = await fetchAndStoreUsageForOrg(db, orgId, { ...WINDOW, trigger: "api" }, { config });
  return result.telemetry.issues.map((i) => i.code);
}

/** The catalog is refreshed at most twice a day: pretend the last refresh was 13 hours ago. */
export async function makeCatalogStale(db: Db, accountId: string) {
  await db
    .update(providerAccounts)
    .set({ catalogSyncedAt: new Date(Date.now() - 13 * 3600_000) })
    .where(eq(providerAccounts.id, accountId));
}

/** Anthropic's listings as the product should hold them: workspaces are stored as projects. */
export function anthropicState(org: AnthropicOrganization): Map<string, string> {
  const state = new Map<string, string>();
  for (const w of org.workspaces) state.set(`project:${w.id}`, w.name || w.id);
  for (const k of org.apiKeys) state.set(`api_key:${k.id}`, k.name || k.partial_key_hint || k.id);
  for (const u of org.users) state.set(`user:${u.id}`, u.name || u.email || u.id);
  return state;
}
