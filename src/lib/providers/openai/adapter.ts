import { z } from "zod";
import type { ProviderAdapter, ProviderKeyInput, ProviderWindow } from "@/lib/providers/adapter";
import { apiKeyField, credentialIdFor, optionalIdField } from "@/lib/providers/key-input";
import type { CatalogSink } from "@/lib/providers/types";
import { fetchOrganizationCatalog, syncOrganizationCatalog } from "./admin-lists";
import { iterateAllAdminUsage } from "./all-usage";
import { createOpenAIClient } from "./client";
import { openAICostPages } from "./costs";
import { fetchLegacyUsageForDay } from "./legacy-usage";
import { testOpenAIKey } from "./test-key";
import { providerPolicy } from "@/lib/rate-limit/policies";

/** Same rules as keys/schemas.ts today: admin keys name the organization and project they report on. */
const keyInput: z.ZodType<ProviderKeyInput> = z
  .object({
    apiKey: apiKeyField,
    usageMode: z.enum(["standard", "admin"], { error: "usageMode must be 'standard' or 'admin'" }).default("standard"),
    organizationId: optionalIdField("organizationId"),
    projectId: optionalIdField("projectId"),
  })
  .superRefine((v, ctx) => {
    if (v.usageMode !== "admin") return;
    const missing = [!v.organizationId && "organizationId", !v.projectId && "projectId"].filter(Boolean);
    if (missing.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: [missing[0] as string],
        message: `admin mode needs ${missing.join(" and ")} (the OpenAI organization and project the admin key reports on)`,
      });
    }
  });

/** A thin wrapper over the existing OpenAI functions: their behaviour is unchanged. */
export const openaiAdapter: ProviderAdapter = {
  id: "openai",
  displayName: "OpenAI",
  keyFields: ["apiKey", "usageMode", "organizationId", "projectId"],
  keyInput,
  nullProjectLabel: null,
  emulatorBaseUrl: (origin) => `${origin}/v1`,
  connect(key, { config, observer, fetch, retry }) {
    const client = createOpenAIClient({
      apiKey: key.apiKey,
      baseUrl: config.openai.baseUrl,
      organizationId: key.organizationId ?? undefined,
      projectId: key.projectId ?? undefined,
      credentialId: credentialIdFor(key.apiKey),
      pacing: providerPolicy("openaiAdmin", config.openai.pacing),
      retry: {
        maxAttempts: config.provider.maxAttempts,
        timeoutMs: config.provider.timeoutMs,
        maxRetryAfterMs: config.provider.maxRetryAfterMs,
        ...retry,
      },
      observer,
      fetch,
    });
    const admin = key.usageMode === "admin";
    return {
      provider: "openai",
      testKey: (opts = {}) => testOpenAIKey(client, key.usageMode, { now: opts.now }),
      async *usagePages(window, signal) {
        if (admin) {
          yield* iterateAllAdminUsage(client, window, signal);
          return;
        }
        let page = 0;
        for (const day of window.days) {
          yield { source: "legacy", page: ++page, records: await fetchLegacyUsageForDay(client, day, { signal }) };
        }
      },
      // Legacy standard keys have no costs endpoint: no costPages, so ingestion skips cost quietly.
      ...(admin
        ? {
            costPages: (window: ProviderWindow, signal?: AbortSignal) => openAICostPages(client, window, signal),
            catalog: (signal?: AbortSignal) => fetchOrganizationCatalog(client, signal),
            syncCatalog: (sink: CatalogSink, signal?: AbortSignal) => syncOrganizationCatalog(client, sink, signal),
          }
        : {}),
    };
  },
};
