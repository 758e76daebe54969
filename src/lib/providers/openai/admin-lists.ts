import { z } from "zod";
import { ProviderError, type CatalogEntry } from "@/lib/providers/types";
import type { OpenAIClient } from "./client";
import { parseOrMalformed } from "./schemas";

const MAX_PAGES = 200;

const listSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string() })),
  has_more: z.boolean().optional().default(false),
  last_id: z.string().nullish(),
});

const named = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  status: z.string().nullish(),
  archived_at: z.number().nullish(),
  redacted_value: z.string().nullish(),
  owner: z
    .looseObject({
      type: z.string().nullish(),
      user: z.looseObject({ id: z.string().nullish(), name: z.string().nullish() }).nullish(),
      service_account: z.looseObject({ id: z.string().nullish(), name: z.string().nullish() }).nullish(),
    })
    .nullish(),
});
export type AdminListItem = z.infer<typeof named>;

/** Walks an admin list endpoint (`after` cursor, `has_more`) and returns every item. */
export async function listAll(
  client: OpenAIClient,
  path: string,
  opts: { query?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<AdminListItem[]> {
  const items: AdminListItem[] = [];
  let after: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await client.getJson(path, { ...opts.query, limit: 100, after }, { signal: opts.signal });
    const parsed = parseOrMalformed(listSchema, body, `${path} (page ${page})`);
    for (const raw of parsed.data) items.push(parseOrMalformed(named, raw, `${path} item`));
    if (!parsed.has_more) return items;
    const next = parsed.last_id ?? parsed.data.at(-1)?.id;
    if (!next || next === after) {
      throw new ProviderError(
        "MALFORMED_RESPONSE",
        `OpenAI said ${path} has more items but gave no cursor to continue.`,
      );
    }
    after = next;
  }
  throw new ProviderError("MALFORMED_RESPONSE", `OpenAI kept paging ${path} past ${MAX_PAGES} pages; stopped.`);
}

export type { CatalogEntry };

/** Projects, their members, service accounts and API keys: the names behind usage ids. */
export async function fetchOrganizationCatalog(client: OpenAIClient, signal?: AbortSignal): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  const projects = await listAll(client, "/organization/projects", { query: { include_archived: "true" }, signal });
  for (const p of projects) {
    entries.push({ kind: "project", externalId: p.id, name: p.name || p.id, details: { status: p.status ?? null } });
    const base = `/organization/projects/${encodeURIComponent(p.id)}`;
    // OpenAI answers 400 for the members of an archived project; its API keys still name old usage.
    const archived = p.status === "archived" || Boolean(p.archived_at);
    const members = archived ? [] : await listAll(client, `${base}/users`, { signal });
    const serviceAccounts = archived ? [] : await listAll(client, `${base}/service_accounts`, { signal });
    for (const u of members) {
      entries.push({
        kind: "user",
        externalId: u.id,
        name: u.name || u.email || u.id,
        details: { email: u.email ?? null },
      });
    }
    for (const s of serviceAccounts) {
      entries.push({ kind: "service_account", externalId: s.id, name: s.name || s.id, details: { projectId: p.id } });
    }
    for (const k of await listAll(client, `${base}/api_keys`, { signal })) {
      const owner = k.owner?.user?.name ?? k.owner?.service_account?.name ?? null;
      entries.push({
        kind: "api_key",
        externalId: k.id,
        name: k.name || k.redacted_value || k.id,
        details: { projectId: p.id, redactedValue: k.redacted_value ?? null, owner },
      });
    }
  }
  return entries;
}
