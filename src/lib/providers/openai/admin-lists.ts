import { z } from "zod";
import { ProviderError, type CatalogEntry, type CatalogSink } from "@/lib/providers/types";
import type { OpenAIClient } from "./client";
import { parseOrMalformed } from "./schemas";

const MAX_PAGES = 200;
const PAGE_SIZE = 100;

const listSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string() })),
  has_more: z.boolean().optional().default(false),
  last_id: z.string().nullish(),
});

const named = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  role: z.string().nullish(),
  status: z.string().nullish(),
  created_at: z.number().nullish(),
  archived_at: z.number().nullish(),
  last_used_at: z.number().nullish(),
  redacted_value: z.string().nullish(),
  active: z.boolean().nullish(),
  certificate_details: z.looseObject({ valid_at: z.number().nullish(), expires_at: z.number().nullish() }).nullish(),
  owner: z
    .looseObject({
      type: z.string().nullish(),
      name: z.string().nullish(),
      user: z.looseObject({ id: z.string().nullish(), name: z.string().nullish() }).nullish(),
      service_account: z.looseObject({ id: z.string().nullish(), name: z.string().nullish() }).nullish(),
    })
    .nullish(),
});
export type AdminListItem = z.infer<typeof named>;

const at = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

/**
 * Walks an admin list endpoint (`after` cursor, `has_more`) from `start`, handing each page to
 * `onPage` with the cursor to continue from (null after the last page).
 */
export async function walkList(
  client: OpenAIClient,
  path: string,
  onPage: (items: AdminListItem[], after: string | null) => Promise<void>,
  opts: { query?: Record<string, string>; signal?: AbortSignal; start?: string } = {},
): Promise<void> {
  let after = opts.start;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await client.getJson(path, { ...opts.query, limit: PAGE_SIZE, after }, { signal: opts.signal });
    const parsed = parseOrMalformed(listSchema, body, `${path} (page ${page})`);
    const items = parsed.data.map((raw) => parseOrMalformed(named, raw, `${path} item`));
    if (!parsed.has_more) return onPage(items, null);
    const next = parsed.last_id ?? parsed.data.at(-1)?.id;
    if (!next || next === after) {
      throw new ProviderError(
        "MALFORMED_RESPONSE",
        `OpenAI said ${path} has more items but gave no cursor to continue.`,
      );
    }
    await onPage(items, next);
    after = next;
  }
  throw new ProviderError("MALFORMED_RESPONSE", `OpenAI kept paging ${path} past ${MAX_PAGES} pages; stopped.`);
}

/** Every item of an admin list endpoint. */
export async function listAll(
  client: OpenAIClient,
  path: string,
  opts: { query?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<AdminListItem[]> {
  const items: AdminListItem[] = [];
  await walkList(client, path, async (page) => void items.push(...page), opts);
  return items;
}

export type { CatalogEntry };

const project = (p: AdminListItem): CatalogEntry => ({
  kind: "project",
  externalId: p.id,
  name: p.name || p.id,
  details: { status: p.status ?? null },
  archivedAt: at(p.archived_at),
});

const ownerName = (k: AdminListItem) => k.owner?.user?.name ?? k.owner?.service_account?.name ?? k.owner?.name ?? null;

const certificate = (c: AdminListItem, projectId: string | null): CatalogEntry => ({
  kind: "certificate",
  externalId: c.id,
  name: c.name || c.id,
  details: {
    active: c.active ?? null,
    validAt: at(c.certificate_details?.valid_at)?.toISOString() ?? null,
    ...(projectId ? { projectId } : {}),
  },
  expiresAt: at(c.certificate_details?.expires_at),
});

/** The admin objects one list endpoint holds, as catalog entries. */
function entriesOf(
  kind: "users" | "service_accounts" | "api_keys" | "certificates",
  projectId: string,
  items: AdminListItem[],
) {
  return items.map((i): CatalogEntry => {
    if (kind === "users")
      return { kind: "user", externalId: i.id, name: i.name || i.email || i.id, details: { email: i.email ?? null } };
    if (kind === "service_accounts")
      return {
        kind: "service_account",
        externalId: i.id,
        name: i.name || i.id,
        details: { projectId, role: i.role ?? null },
      };
    if (kind === "certificates") return certificate(i, projectId);
    return {
      kind: "api_key",
      externalId: i.id,
      name: i.name || i.redacted_value || i.id,
      details: {
        projectId,
        redactedValue: i.redacted_value ?? null,
        owner: ownerName(i),
        lastUsedAt: at(i.last_used_at)?.toISOString() ?? null,
      },
    };
  });
}

/**
 * Every admin object of the organization, written page by page into `sink`: projects (archived too),
 * each project's members, service accounts, API keys and certificates, then the admin API keys and
 * the organization's certificates. Projects are listed whole each round (a few pages); the
 * per-project lists, a request or more per project, resume from their last cursor.
 */
export async function syncOrganizationCatalog(client: OpenAIClient, sink: CatalogSink, signal?: AbortSignal) {
  const projects = await listAll(client, "/organization/projects", { query: { include_archived: "true" }, signal });
  await sink.page("/organization/projects", projects.map(project), null);
  const walk = async (path: string, toEntries: (items: AdminListItem[]) => CatalogEntry[]) => {
    const state = await sink.resume(path);
    if (state.done) return;
    const onPage = (items: AdminListItem[], after: string | null) => sink.page(path, toEntries(items), after);
    try {
      await walkList(client, path, onPage, { signal, start: state.after });
    } catch (e) {
      // The object a saved cursor names may be gone since the cut (a 400 for an unknown `after`):
      // list that endpoint again from its start, once, rather than failing every round from now on.
      if (!state.after || !(e instanceof ProviderError) || e.httpStatus !== 400) throw e;
      await walkList(client, path, onPage, { signal });
    }
  };
  for (const p of projects) {
    const base = `/organization/projects/${encodeURIComponent(p.id)}`;
    // OpenAI answers 400 for the members of an archived project; its API keys still name old usage.
    const archived = p.status === "archived" || Boolean(p.archived_at);
    const lists = archived
      ? (["api_keys"] as const)
      : (["users", "service_accounts", "api_keys", "certificates"] as const);
    for (const list of lists) await walk(`${base}/${list}`, (items) => entriesOf(list, p.id, items));
  }
  await walk("/organization/admin_api_keys", (items) =>
    items.map((k) => ({
      kind: "admin_api_key" as const,
      externalId: k.id,
      name: k.name || k.redacted_value || k.id,
      details: {
        redactedValue: k.redacted_value ?? null,
        owner: ownerName(k),
        lastUsedAt: at(k.last_used_at)?.toISOString() ?? null,
      },
    })),
  );
  await walk("/organization/certificates", (items) => items.map((c) => certificate(c, null)));
}

/** Projects, their members, service accounts and API keys: the names behind usage ids (all at once). */
export async function fetchOrganizationCatalog(client: OpenAIClient, signal?: AbortSignal): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  const sink: CatalogSink = {
    resume: async () => ({ done: false }),
    page: async (_endpoint, page) => void entries.push(...page),
  };
  await syncOrganizationCatalog(client, sink, signal);
  return entries;
}
