import { ProviderError, type ProviderIssueCode } from "@/lib/providers/types";
import { iterateAdminUsagePages } from "./admin-usage";
import type { OpenAIClient } from "./client";
import { fetchLegacyUsageForDay } from "./legacy-usage";

export type KeyTestResult = { ok: true; detail: string } | { ok: false; code: ProviderIssueCode; message: string };

/** One cheap read proving the key works for the chosen mode. Provider failures become `ok: false`. */
export async function testOpenAIKey(
  client: OpenAIClient,
  mode: "admin" | "standard",
  opts: { now?: () => number } = {},
): Promise<KeyTestResult> {
  const nowMs = (opts.now ?? Date.now)();
  try {
    if (mode === "admin") {
      const endTime = Math.floor(nowMs / 1000);
      const pages = iterateAdminUsagePages(client, {
        endpoint: "completions",
        startTime: endTime - 86_400,
        endTime,
        limit: 1,
      });
      const first = await pages.next();
      await pages.return(undefined);
      const rows = first.done ? 0 : first.value.records.length;
      return {
        ok: true,
        detail: `Admin key works: read completions usage for the last day (${rows} row${rows === 1 ? "" : "s"}).`,
      };
    }
    const yesterday = new Date(nowMs - 86_400_000).toISOString().slice(0, 10);
    const records = await fetchLegacyUsageForDay(client, yesterday);
    return {
      ok: true,
      detail: `Key works: read usage for ${yesterday} (${records.length} model${records.length === 1 ? "" : "s"}).`,
    };
  } catch (e) {
    if (e instanceof ProviderError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}
