import { z } from "zod";
import type { ProviderAdapter, ProviderKeyInput } from "@/lib/providers/adapter";
import { apiKeyField, credentialIdFor, optionalIdField } from "@/lib/providers/key-input";
import { fetchOrganizationCatalog } from "./admin-lists";
import { iterateAdminUsagePages } from "./admin-usage";
import { createOpenAIClient } from "./client";
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
          for (const endpoint of ["completions", "embeddings"] as const) {
            const pages = iterateAdminUsagePages(client, {
              endpoint,
              startTime: window.start.getTime() / 1000,
              endTime: window.end.getTime() / 1000,
              signal,
            });
            for await (const p of pages) yield { source: endpoint, page: p.page, records: p.records };
          }
          return;
        }
        let page = 0;
        for (const day of window.days) {
          yield { source: "legacy", page: ++page, records: await fetchLegacyUsageForDay(client, day, { signal }) };
        }
      },
      ...(admin ? { catalog: (signal?: AbortSignal) => fetchOrganizationCatalog(client, signal) } : {}),
    };
  },
};
