import { ProviderError } from "@/lib/providers/types";
import type { ProviderKeyTestResult } from "@/lib/providers/adapter";
import type { AnthropicClient } from "./client";
import { iterateUsageReportPages } from "./reports";

const DAY_MS = 86_400_000;
export const ADMIN_KEY_PREFIX = "sk-ant-admin";

export const looksLikeAdminKey = (apiKey: string) => apiKey.trim().startsWith(ADMIN_KEY_PREFIX);

/**
 * One cheap read: yesterday's usage report, ungrouped, one bucket. Failures come back in plain
 * words: an invalid key, a key that is not an Admin key, or an Admin key without access.
 */
export async function testAnthropicKey(
  client: AnthropicClient,
  opts: { keyLooksAdmin: boolean; now?: () => number; signal?: AbortSignal },
): Promise<ProviderKeyTestResult> {
  const today = Math.floor((opts.now ?? Date.now)() / DAY_MS) * DAY_MS;
  try {
    const pages = iterateUsageReportPages(client, {
      start: new Date(today - DAY_MS),
      end: new Date(today),
      limit: 1,
      groupBy: [],
      signal: opts.signal,
    });
    const first = await pages.next();
    await pages.return(undefined);
    const rows = first.done ? 0 : first.value.records.length;
    return {
      ok: true,
      detail: `Admin key works: read the Claude usage report for yesterday (${rows} row${rows === 1 ? "" : "s"}).`,
    };
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    if ((e.code === "AUTH_FAILED" || e.code === "PERMISSION_DENIED") && !opts.keyLooksAdmin) {
      return {
        ok: false,
        code: e.code,
        message:
          "Not an Admin key: usage and cost reports need an Anthropic Admin key (it starts with sk-ant-admin), created in the Console under Settings > Admin keys.",
      };
    }
    if (e.code === "AUTH_FAILED") {
      return {
        ok: false,
        code: e.code,
        message: "Invalid key: Anthropic rejected it (401). Check that it was pasted whole and has not been revoked.",
      };
    }
    if (e.code === "PERMISSION_DENIED") {
      return {
        ok: false,
        code: e.code,
        message:
          "No access: Anthropic accepted the key but refused the usage report (403). Ask an organization admin for an Admin key with access to usage and cost reports.",
      };
    }
    return { ok: false, code: e.code, message: e.message };
  }
}
