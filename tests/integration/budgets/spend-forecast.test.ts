import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/types";
import { getForecast } from "@/lib/forecast/get";
import { dailySpend } from "@/lib/money/spend";
import { createTestDb, createTestOrg } from "../test-db";
import { addAccount, addBilled, addUsage, flatDays } from "./spend-fixture";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const NOW = new Date("2026-11-21T12:00:00Z");

describe(`daily spend and forecast on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("uses billed cost where the provider reported that day, computed cost elsewhere, summed exactly", async () => {
    const { orgId } = await createTestOrg(handle.db);
    const anthropic = await addAccount(handle.db, orgId, "anthropic");
    const openai = await addAccount(handle.db, orgId, "openai");
    // Anthropic: usage on 11-01 and 11-02, billed only for 11-01 (two lines with sub-cent digits).
    await addUsage(handle.db, { orgId, accountId: anthropic }, [
      { day: "2026-11-01", outputMillions: 10, provider: "anthropic" },
      { day: "2026-11-02", outputMillions: 1, provider: "anthropic" },
    ]);
    await addBilled(handle.db, { orgId, accountId: anthropic, provider: "anthropic" }, [
      { day: "2026-11-01", amountUsd: "1.234567" },
      { day: "2026-11-01", amountUsd: "0.000433" },
    ]);
    // OpenAI reports no cost: its usage is computed ($0.60 per 1M output tokens of gpt-4o-mini).
    await addUsage(handle.db, { orgId, accountId: openai }, [{ day: "2026-11-01", outputMillions: 2 }]);

    const days = await dailySpend(handle.db, orgId, { start: "2026-11-01", end: "2026-11-03" }, { now: NOW });
    expect(days).toEqual([
      // 1.235 billed (Anthropic; its $12.50 estimate is replaced) + 1.2 computed (OpenAI)
      { day: "2026-11-01", amountUsd: "2.435", basis: "estimated", provisional: false },
      // Anthropic's estimate stands in until its cost report arrives: provisional.
      { day: "2026-11-02", amountUsd: "1.25", basis: "estimated", provisional: true },
      { day: "2026-11-03", amountUsd: "0", basis: "estimated", provisional: false },
    ]);
    const billedOnly = await dailySpend(
      handle.db,
      orgId,
      { start: "2026-11-01", end: "2026-11-01", provider: "anthropic" },
      { now: NOW },
    );
    expect(billedOnly).toEqual([{ day: "2026-11-01", amountUsd: "1.235", basis: "billed", provisional: false }]);
  });

  it("an API-key scope is always computed, even on days the provider billed", async () => {
    const { orgId } = await createTestOrg(handle.db);
    const anthropic = await addAccount(handle.db, orgId, "anthropic");
    await addUsage(handle.db, { orgId, accountId: anthropic }, [
      { day: "2026-11-05", outputMillions: 1, provider: "anthropic", apiKeyId: "key_1" },
      { day: "2026-11-05", outputMillions: 3, provider: "anthropic", apiKeyId: "key_2" },
    ]);
    await addBilled(handle.db, { orgId, accountId: anthropic, provider: "anthropic" }, [
      { day: "2026-11-05", amountUsd: "99" },
    ]);
    const key = await dailySpend(
      handle.db,
      orgId,
      { start: "2026-11-05", end: "2026-11-05", apiKeyId: "key_2" },
      { now: NOW },
    );
    expect(key).toEqual([{ day: "2026-11-05", amountUsd: "3.75", basis: "estimated", provisional: true }]);
    const org = await dailySpend(handle.db, orgId, { start: "2026-11-05", end: "2026-11-05" }, { now: NOW });
    expect(org[0]).toMatchObject({ amountUsd: "99", basis: "billed" });
  });

  it("a project scope counts only that project's billed lines", async () => {
    const { orgId } = await createTestOrg(handle.db);
    const anthropic = await addAccount(handle.db, orgId, "anthropic");
    await addBilled(handle.db, { orgId, accountId: anthropic, provider: "anthropic" }, [
      { day: "2026-11-06", amountUsd: "4.5", projectId: "wrk_a" },
      { day: "2026-11-06", amountUsd: "7", projectId: "wrk_b" },
    ]);
    const a = await dailySpend(
      handle.db,
      orgId,
      { start: "2026-11-06", end: "2026-11-06", projectId: "wrk_a" },
      { now: NOW },
    );
    expect(a).toEqual([{ day: "2026-11-06", amountUsd: "4.5", basis: "billed", provisional: false }]);
  });

  it("forecast = month-to-date + mean of the last 7 closed days × days left, to the cent", async () => {
    const { orgId } = await createTestOrg(handle.db);
    const anthropic = await addAccount(handle.db, orgId, "anthropic");
    const openai = await addAccount(handle.db, orgId, "openai");
    // Anthropic: $10/day from 11-01 to 11-20, $3 so far today (the 21st).
    await addBilled(handle.db, { orgId, accountId: anthropic, provider: "anthropic" }, [
      ...flatDays("2026-11-01", "2026-11-20", "10"),
      { day: "2026-11-21", amountUsd: "3" },
    ]);
    // OpenAI (computed): $0.60 on 11-18 only.
    await addUsage(handle.db, { orgId, accountId: openai }, [{ day: "2026-11-18", outputMillions: 1 }]);

    const f = await getForecast(handle.db, orgId, { month: "2026-11" }, NOW);
    // MTD = 20 × 10 + 3 + 0.6 = 203.6; last 7 closed days (14th..20th) = 70.6, mean 10.0857…;
    // 9 days left (22nd..30th): 203.6 + 70.6 × 9 / 7 = 203.6 + 90.771428… = 294.371428… -> 294.37
    expect(f.total).toMatchObject({
      actualUsd: "203.6",
      forecastUsd: "294.37",
      daysLeft: 9,
      meanDays: 7,
      state: "current",
    });
    expect(f.total.daily).toHaveLength(21);
    const byProvider = Object.fromEntries(f.providers.map((p) => [p.provider, p]));
    // Anthropic: 203 + 70 × 9 / 7 = 293. OpenAI's first spend is the 18th, so its mean is over the
    // 18th..20th only: 0.6 + 0.6 × 9 / 3 = 2.4
    expect(byProvider.anthropic).toMatchObject({ actualUsd: "203", forecastUsd: "293", meanDays: 7 });
    expect(byProvider.openai).toMatchObject({ actualUsd: "0.6", forecastUsd: "2.4", meanDays: 3 });
  });

  it("averages only the closed days since the scope's first spend", async () => {
    const { orgId } = await createTestOrg(handle.db);
    const anthropic = await addAccount(handle.db, orgId, "anthropic");
    await addBilled(
      handle.db,
      { orgId, accountId: anthropic, provider: "anthropic" },
      flatDays("2026-11-18", "2026-11-20", "4"),
    );
    const f = await getForecast(handle.db, orgId, { month: "2026-11" }, NOW);
    // 3 closed days of $4: mean 4, not 12 / 7; 12 + 4 × 9 = 48
    expect(f.total).toMatchObject({ actualUsd: "12", forecastUsd: "48", meanDays: 3 });
  });

  it("refuses a month that is not YYYY-MM with a 400", async () => {
    const { orgId } = await createTestOrg(handle.db);
    await expect(getForecast(handle.db, orgId, { month: "2026-13" }, NOW)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });
});
