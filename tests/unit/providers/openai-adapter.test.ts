import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmall } from "../emulator/helpers";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { buildConfig } from "@/lib/env";
import type { ProviderWindow, UsagePage } from "@/lib/providers/adapter";
import { getProviderAdapter } from "@/lib/providers/registry";
import { USAGE_ENDPOINTS } from "@/lib/providers/types";

const DAY_MS = 86_400_000;
const start = Date.parse("2025-03-01T00:00:00Z");
const WINDOW: ProviderWindow = {
  start: new Date(start),
  end: new Date(start + 20 * DAY_MS),
  days: Array.from({ length: 20 }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10)),
};

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startSmall();
});
afterAll(() => emulator.close());

function session(input: Record<string, unknown>) {
  const adapter = getProviderAdapter("openai");
  const config = buildConfig({
    NODE_ENV: "test",
    OPENAI_API_BASE_URL: adapter.emulatorBaseUrl(emulator.origin),
    OPENAI_ADMIN_REQUESTS_PER_MINUTE: "60000",
    OPENAI_ADMIN_MAX_BURST: "1000",
  });
  return adapter.connect(adapter.keyInput.parse(input), { config });
}

async function pagesOf(iterable: AsyncIterable<UsagePage>): Promise<UsagePage[]> {
  const pages: UsagePage[] = [];
  for await (const page of iterable) pages.push(page);
  return pages;
}

describe("OpenAI adapter (a thin wrapper over providers/openai)", () => {
  it("admin keys page completions, embeddings, then every other usage endpoint; totals match the ground truth", async () => {
    const org = emulator.dataset.organizations[0];
    const admin = emulator.dataset.credentials.find((c) => c.kind === "admin")!.key;
    const s = session({ apiKey: admin, usageMode: "admin", organizationId: org.id, projectId: org.projects[0].id });
    const pages = await pagesOf(s.usagePages(WINDOW));
    expect([...new Set(pages.map((p) => p.source))]).toEqual([...USAGE_ENDPOINTS]);
    const truth = (await (
      await fetch(`${emulator.origin}/__emulator/totals?start=2025-03-01&end=2025-03-20`)
    ).json()) as {
      completions: { totals: { input_tokens: number; num_model_requests: number } };
      embeddings: { totals: { input_tokens: number } };
    };
    const records = pages.flatMap((p) => p.records);
    const sum = (source: string, pick: (r: (typeof records)[number]) => number | null) =>
      records.filter((r) => r.source === source).reduce((a, r) => a + (pick(r) ?? 0), 0);
    expect(sum("completions", (r) => r.inputTokens)).toBe(truth.completions.totals.input_tokens);
    expect(sum("completions", (r) => r.requests)).toBe(truth.completions.totals.num_model_requests);
    expect(sum("embeddings", (r) => r.inputTokens)).toBe(truth.embeddings.totals.input_tokens);
    expect(s.catalog).toBeTypeOf("function");
    expect((await s.catalog!()).some((e) => e.kind === "project")).toBe(true);
    expect(s.costPages).toBeTypeOf("function");
    expect(await s.testKey()).toMatchObject({ ok: true });
  });

  it("standard keys read the legacy endpoint one day per page and have no catalog", async () => {
    const standard = emulator.dataset.credentials.find((c) => c.kind === "standard")!.key;
    const s = session({ apiKey: standard });
    const pages = await pagesOf(s.usagePages(WINDOW));
    expect(pages.map((p) => p.page)).toEqual(WINDOW.days.map((_, i) => i + 1));
    expect(pages.every((p) => p.source === "legacy")).toBe(true);
    expect(s.catalog).toBeUndefined();
    // The legacy endpoint has no costs: ingestion skips cost for these keys quietly.
    expect(s.costPages).toBeUndefined();
  });
});
