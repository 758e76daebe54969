import type { ProviderWindow, UsagePage } from "@/lib/providers/adapter";
import { ProviderError, USAGE_ENDPOINTS } from "@/lib/providers/types";
import { iterateAdminUsagePages } from "./admin-usage";
import type { OpenAIClient } from "./client";

const ENDPOINT_NAMES: Record<(typeof USAGE_ENDPOINTS)[number], string> = {
  completions: "completions",
  embeddings: "embeddings",
  moderations: "moderations",
  images: "images",
  audio_speeches: "audio speeches",
  audio_transcriptions: "audio transcriptions",
  vector_stores: "vector stores",
  code_interpreter_sessions: "code interpreter sessions",
  web_search_calls: "web search calls",
  file_search_calls: "file search calls",
};

/**
 * Every OpenAI usage endpoint for one window, one after another on the same paced client.
 * Completions comes first and decides whether the key reads usage at all: its failures end the
 * key as before. A later endpoint the key may not read (403) becomes an issue on an empty page and
 * the next endpoint goes on, so the usage that can be read still lands.
 */
export async function* iterateAllAdminUsage(
  client: OpenAIClient,
  window: Pick<ProviderWindow, "start" | "end">,
  signal?: AbortSignal,
): AsyncGenerator<UsagePage> {
  for (const endpoint of USAGE_ENDPOINTS) {
    let last = 0;
    const pages = iterateAdminUsagePages(client, {
      endpoint,
      startTime: window.start.getTime() / 1000,
      endTime: window.end.getTime() / 1000,
      signal,
    });
    try {
      for await (const p of pages) {
        last = p.page;
        yield { source: endpoint, page: p.page, records: p.records };
      }
    } catch (e) {
      if (endpoint === "completions" || !(e instanceof ProviderError) || e.code !== "PERMISSION_DENIED") throw e;
      yield {
        source: endpoint,
        page: last + 1,
        records: [],
        issue: {
          code: "USAGE_ENDPOINT_DENIED",
          message:
            `OpenAI refused this key access to ${ENDPOINT_NAMES[endpoint]} usage (403), so that usage is missing ` +
            "from this sync; the other usage was stored. Give the admin key read access to all usage, then sync again.",
        },
      };
    }
  }
}
