import { createHash } from "node:crypto";
import type { NormalizedUsageRecord } from "@/lib/providers/types";
import { DAY_MS, parseUtcDate } from "./windows";

const MODELS = ["gpt-4o-mini", "gpt-4o", "text-embedding-3-small"];

/**
 * Deterministic stand-in usage for an account whose keys cannot read usage (ENABLE_SIMULATED_USAGE
 * only). Rows are stored with simulated=true and the key is marked "simulated", so they are never
 * mistaken for real usage; real data for the same bucket later replaces them.
 */
export function simulatedUsage(accountId: string, days: string[]): NormalizedUsageRecord[] {
  return days.flatMap((day) =>
    MODELS.map((model) => {
      const h = createHash("sha256").update(`${accountId}:${day}:${model}`).digest();
      const requests = 20 + (h.readUInt16BE(0) % 400);
      const inputTokens = requests * (200 + (h.readUInt16BE(2) % 800));
      const windowStart = parseUtcDate(day);
      return {
        provider: "openai" as const,
        source: "simulated",
        model,
        windowStart,
        windowEnd: new Date(windowStart.getTime() + DAY_MS),
        inputTokens,
        outputTokens: model.startsWith("text-embedding") ? 0 : Math.floor(inputTokens / 4),
        cachedInputTokens: Math.floor(inputTokens * ((h[4]! % 30) / 100)),
        requests,
        projectId: null,
        apiKeyId: null,
        providerUserId: null,
        serviceTier: null,
        batch: null,
      };
    }),
  );
}
