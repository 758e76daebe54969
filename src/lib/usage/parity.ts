/**
 * What `npm run usage:diff` compares with a provider's export, read for one organization: usage
 * summed per UTC day and export key (tokens exact integers, summed in SQL), or billed cost lines
 * (exact decimal strings). The CLI reads it here directly, or through GET /api/usage/parity when
 * the running app holds the embedded database; both get the same numbers.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { AppError } from "@/lib/errors";
import { billedLinesByDay } from "@/lib/money/billed-lines";
import { assertCan } from "@/lib/orgs/roles";
import { organizationsByIds } from "@/lib/orgs/find";
import type { ActingAs } from "@/lib/orgs/types";
import { parseOrThrow } from "@/lib/validation";
import {
  MAX_PARITY_GROUPS,
  parityQuerySchema,
  type ParityData,
  type ParityQuery,
  type ParityUsageGroup,
} from "./parity-schemas";
import { listCatalogNames } from "./stored";

/** OpenAI's usage export lists token usage: images, audio, tools and vector storage have no line there. */
export const OPENAI_EXPORT_ENDPOINTS = ["completions", "embeddings"] as const;

/** A bigint sum as text: an exact whole number that a JS number holds exactly, or a loud failure. */
const count = z
  .string()
  .regex(/^\d+$/)
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), "a sum too large to compare exactly");

const groupRow = z.object({
  day: z.string(),
  project_id: z.string().nullable(),
  api_key_id: z.string().nullable(),
  provider_user_id: z.string().nullable(),
  model: z.string(),
  batch: z.boolean().nullable(),
  service_tier: z.string().nullable(),
  simulated: z.boolean(),
  rows: count,
  input_tokens: count,
  output_tokens: count,
  cached_input_tokens: count,
  requests: count,
  cache_write_5m_tokens: count,
  cache_write_1h_tokens: count,
  web_search_requests: count,
});

/** The organization's usage of one provider per UTC day (of the bucket start) and export key. */
export async function parityUsageGroups(
  db: Db,
  orgId: string,
  q: Pick<ParityQuery, "start" | "end" | "provider">,
): Promise<ParityUsageGroup[]> {
  const endpoints =
    q.provider === "openai"
      ? sql`and endpoint in (${sql.join(
          OPENAI_EXPORT_ENDPOINTS.map((e) => sql`${e}`),
          sql`, `,
        )})`
      : sql``;
  const result = await db.execute(sql`
    select (window_start at time zone 'UTC')::date::text as day, project_id, api_key_id, provider_user_id,
      model, batch, service_tier, simulated, count(*)::text as rows,
      sum(input_tokens)::text as input_tokens, sum(output_tokens)::text as output_tokens,
      sum(cached_input_tokens)::text as cached_input_tokens, sum(coalesce(requests, 0))::text as requests,
      sum(cache_write_5m_tokens)::text as cache_write_5m_tokens,
      sum(cache_write_1h_tokens)::text as cache_write_1h_tokens,
      sum(web_search_requests)::text as web_search_requests
    from usage_events
    where org_id = ${orgId}::uuid and provider = ${q.provider}
      and window_start >= ${q.start}::date::timestamp at time zone 'UTC'
      and window_start < (${q.end}::date + 1)::timestamp at time zone 'UTC'
      ${endpoints}
    group by 1, project_id, api_key_id, provider_user_id, model, batch, service_tier, simulated
    order by 1, project_id nulls first, api_key_id nulls first, provider_user_id nulls first, model,
      batch nulls first, service_tier nulls first, simulated
    limit ${MAX_PARITY_GROUPS + 1}`);
  const rows = rowsOf<unknown>(result);
  if (rows.length > MAX_PARITY_GROUPS) {
    throw new AppError(
      "BAD_REQUEST",
      `More than ${MAX_PARITY_GROUPS.toLocaleString("en-US")} usage groups in ${q.start}..${q.end}; compare a shorter window.`,
    );
  }
  return rows.map((raw) => {
    const r = groupRow.parse(raw);
    return {
      day: r.day,
      projectId: r.project_id,
      apiKeyId: r.api_key_id,
      userId: r.provider_user_id,
      model: r.model,
      batch: r.batch,
      serviceTier: r.service_tier,
      simulated: r.simulated,
      rows: r.rows,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      cachedInputTokens: r.cached_input_tokens,
      requests: r.requests,
      cacheWrite5mTokens: r.cache_write_5m_tokens,
      cacheWrite1hTokens: r.cache_write_1h_tokens,
      webSearchRequests: r.web_search_requests,
    };
  });
}

/** Everything one comparison needs, for an organization the caller already resolved (the CLI on the database). */
export async function readParityData(
  db: Db,
  org: { id: string; name: string },
  input: ParityQuery,
): Promise<ParityData> {
  const q = parseOrThrow(parityQuerySchema, input, "parity query");
  const base = { org, provider: q.provider, grain: q.grain, window: { start: q.start, end: q.end } };
  if (q.grain === "costs") {
    const lines = await billedLinesByDay(db, org.id, { start: q.start, end: q.end, provider: q.provider });
    return { ...base, costs: lines };
  }
  const usage = await parityUsageGroups(db, org.id, q);
  if (q.provider !== "anthropic") return { ...base, usage };
  return { ...base, usage, workspaces: await listCatalogNames(db, org.id, "anthropic", "project") };
}

/**
 * GET /api/usage/parity: the caller's organization, for a member or a token with usage:read.
 * Billed cost is the reconciliation's money, so `grain=costs` also needs what
 * GET /api/reconciliation needs (a token's costs:read scope).
 */
export async function readParityForActor(
  db: Db,
  actor: ActingAs & { scopes?: readonly string[] },
  query: ParityQuery,
): Promise<ParityData> {
  assertCan(actor, "usage:read");
  if (query.grain === "costs") {
    assertCan(actor, "reconciliation:read");
    if (actor.scopes && !actor.scopes.includes("costs:read")) {
      throw new AppError("FORBIDDEN", "Billed costs need an API token with the costs:read scope.");
    }
  }
  const [org] = await organizationsByIds(db, [actor.orgId]);
  return readParityData(db, { id: actor.orgId, name: org?.name ?? actor.orgId }, query);
}
