import { z } from "zod";
import type { ProviderAdapter, ProviderKeyInput } from "@/lib/providers/adapter";
import { apiKeyField, credentialIdFor, optionalIdField } from "@/lib/providers/key-input";
import { DEFAULT_WORKSPACE_LABEL, fetchAnthropicCatalog } from "./admin-lists";
import { createAnthropicClient } from "./client";
import { iterateCostReportPages, iterateUsageReportPages } from "./reports";
import { ADMIN_KEY_PREFIX, looksLikeAdminKey, testAnthropicKey } from "./test-key";
import { providerPolicy } from "@/lib/rate-limit/policies";

const noIdsNeeded = (name: string) =>
  optionalIdField(name).refine((v) => v === null, {
    error: `Anthropic keys take no ${name}: an Admin key reports on its whole organization`,
  });

/** An Admin key is all Anthropic needs: the organization follows from the key, workspaces from the reports. */
const keyInput: z.ZodType<ProviderKeyInput> = z
  .object({
    apiKey: apiKeyField.refine(looksLikeAdminKey, {
      error: `apiKey must be an Anthropic Admin key (it starts with ${ADMIN_KEY_PREFIX}); regular API keys cannot read usage`,
    }),
    usageMode: z
      .literal("admin", { error: "Anthropic keys are Admin keys: usageMode can only be 'admin'" })
      .default("admin"),
    organizationId: noIdsNeeded("organizationId"),
    projectId: noIdsNeeded("projectId"),
  })
  .transform((v) => ({ apiKey: v.apiKey, usageMode: v.usageMode, organizationId: null, projectId: null }));

export const anthropicAdapter: ProviderAdapter = {
  id: "anthropic",
  displayName: "Anthropic",
  keyFields: ["apiKey"],
  keyInput,
  nullProjectLabel: DEFAULT_WORKSPACE_LABEL,
  unbilledServiceTiers: { tiers: ["priority"], note: "Anthropic does not report priority-tier cost." },
  // Anthropic paths start with /v1, so the base URL is the bare origin.
  emulatorBaseUrl: (origin) => origin,
  connect(key, { config, observer, fetch, retry }) {
    const client = createAnthropicClient({
      apiKey: key.apiKey,
      baseUrl: config.anthropic.baseUrl,
      credentialId: credentialIdFor(key.apiKey),
      pacing: providerPolicy("anthropicAdmin", config.anthropic.pacing),
      retry: {
        maxAttempts: config.provider.maxAttempts,
        timeoutMs: config.provider.timeoutMs,
        maxRetryAfterMs: config.provider.maxRetryAfterMs,
        ...retry,
      },
      observer,
      fetch,
    });
    const keyLooksAdmin = looksLikeAdminKey(key.apiKey);
    return {
      provider: "anthropic",
      testKey: (opts = {}) => testAnthropicKey(client, { ...opts, keyLooksAdmin }),
      async *usagePages(window, signal) {
        for await (const p of iterateUsageReportPages(client, { start: window.start, end: window.end, signal })) {
          yield { source: "messages", page: p.page, records: p.records };
        }
      },
      async *costPages(window, signal) {
        for await (const p of iterateCostReportPages(client, { start: window.start, end: window.end, signal })) {
          yield { source: "cost_report", page: p.page, records: p.records };
        }
      },
      catalog: (signal) => fetchAnthropicCatalog(client, signal),
    };
  },
};
