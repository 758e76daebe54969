/**
 * Where one OpenAI key's usage comes from: the organization usage API for admin keys, the legacy
 * per-day endpoint for standard keys. Both yield batches of normalized records, one per response page.
 */
import { createHash } from "node:crypto";
import type { AppConfig } from "@/lib/env";
import {
  createOpenAIClient,
  fetchLegacyUsageForDay,
  iterateAdminUsagePages,
  type OpenAIClient,
} from "@/lib/providers/openai";
import type { NormalizedUsageRecord, RequestObserver } from "@/lib/providers/types";
import type { KeyRow } from "./key-source";
import type { UsageWindow } from "./windows";

export interface UsageBatch {
  endpoint: string;
  page: number;
  records: NormalizedUsageRecord[];
}

/** Rate limits follow the credential, not our row: two users sharing one admin key share its pacing. */
export function credentialIdFor(apiKey: string) {
  return `cred_${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}`;
}

export function openAIClientFor(
  row: KeyRow,
  apiKey: string,
  config: AppConfig,
  deps: { observer?: RequestObserver; fetch?: typeof fetch },
): OpenAIClient {
  return createOpenAIClient({
    apiKey,
    baseUrl: config.openai.baseUrl,
    organizationId: row.organizationId ?? undefined,
    projectId: row.projectId ?? undefined,
    credentialId: credentialIdFor(apiKey),
    pacing: { requestsPerMinute: config.openai.requestsPerMinute, burst: config.openai.burst },
    retry: {
      maxAttempts: config.provider.maxAttempts,
      timeoutMs: config.provider.timeoutMs,
      maxRetryAfterMs: config.provider.maxRetryAfterMs,
    },
    observer: deps.observer,
    fetch: deps.fetch,
  });
}

export async function* openAIUsageBatches(
  client: OpenAIClient,
  row: KeyRow,
  window: UsageWindow,
  signal?: AbortSignal,
): AsyncGenerator<UsageBatch> {
  if (row.usageMode === "admin") {
    for (const endpoint of ["completions", "embeddings"] as const) {
      const pages = iterateAdminUsagePages(client, {
        endpoint,
        startTime: window.start.getTime() / 1000,
        endTime: window.end.getTime() / 1000,
        signal,
      });
      for await (const page of pages) yield { endpoint, page: page.page, records: page.records };
    }
    return;
  }
  let page = 0;
  for (const day of window.days) {
    yield { endpoint: "legacy", page: ++page, records: await fetchLegacyUsageForDay(client, day, { signal }) };
  }
}
