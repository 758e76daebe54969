import type Anthropic from "@anthropic-ai/sdk";
import type { z } from "zod";
import { ProviderError, type CatalogEntry } from "@/lib/providers/types";
import type { AnthropicClient } from "./client";
import { apiKeySchema, parseOrMalformed, userSchema, workspaceSchema } from "./schemas";

const MAX_PAGES = 200;
const PAGE_SIZE = 100;

/** Usage and cost rows of the default workspace carry workspace_id null; this is what to call it. */
export const DEFAULT_WORKSPACE_LABEL = "Default workspace";

/** The slice of the SDK's Page we use: data plus the cursor fields of the list envelope. */
interface SdkPage {
  data: unknown[];
  has_more: boolean;
  last_id: string | null;
  getNextPage(): Promise<SdkPage>;
}

/** Walks every page of one SDK list call, checking each item with our own loose schema. */
async function listAll<S extends z.ZodType>(first: Promise<SdkPage>, schema: S, what: string): Promise<z.output<S>[]> {
  const items: z.output<S>[] = [];
  const seen = new Set<string>();
  let page = await first;
  for (let n = 1; n <= MAX_PAGES; n++) {
    for (const raw of page.data) items.push(parseOrMalformed(schema, raw, `a ${what} list item`));
    if (!page.has_more) return items;
    // The SDK quietly stops when a page claims more but names no last_id; we say so instead.
    if (!page.last_id || seen.has(page.last_id)) {
      throw new ProviderError(
        "MALFORMED_RESPONSE",
        `Anthropic said the ${what} list has more items but gave no new cursor to continue.`,
      );
    }
    seen.add(page.last_id);
    page = await page.getNextPage();
  }
  throw new ProviderError(
    "MALFORMED_RESPONSE",
    `Anthropic kept paging the ${what} list past ${MAX_PAGES} pages; stopped.`,
  );
}

const listed = (p: unknown) => p as Promise<SdkPage>;

/** Workspaces, API keys and members from the Admin API, through the official SDK on our paced fetch. */
export async function fetchAnthropicCatalog(client: AnthropicClient, signal?: AbortSignal): Promise<CatalogEntry[]> {
  return client.listWithSdk(async (sdk: Anthropic) => {
    const options = { signal };
    const workspaces = await listAll(
      listed(sdk.organization.workspaces.list({ limit: PAGE_SIZE, include_archived: true }, options)),
      workspaceSchema,
      "workspace",
    );
    const apiKeys = await listAll(
      listed(sdk.organization.apiKeys.list({ limit: PAGE_SIZE }, options)),
      apiKeySchema,
      "API key",
    );
    const users = await listAll(listed(sdk.organization.users.list({ limit: PAGE_SIZE }, options)), userSchema, "user");

    const entries: CatalogEntry[] = [];
    for (const w of workspaces) {
      entries.push({
        kind: "project",
        externalId: w.id,
        name: w.name || w.id,
        details: { archivedAt: w.archived_at ?? null },
      });
    }
    for (const k of apiKeys) {
      entries.push({
        kind: "api_key",
        externalId: k.id,
        name: k.name || k.partial_key_hint || k.id,
        details: {
          // null = the default workspace
          workspaceId: k.workspace_id ?? k.scope?.workspace_id ?? null,
          redactedValue: k.partial_key_hint ?? null,
          status: k.status ?? null,
          createdBy: k.created_by?.id ?? null,
        },
      });
    }
    for (const u of users) {
      entries.push({
        kind: "user",
        externalId: u.id,
        name: u.name || u.email || u.id,
        details: { email: u.email ?? null, role: u.role ?? null },
      });
    }
    return entries;
  });
}
