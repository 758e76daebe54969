/**
 * The backfill through the running app: each chunk is one POST /api/usage with an API token, so a
 * CLI beside the app on the embedded database never opens its data folder. Same steps, progress
 * lines and summary as the local run (./run.ts); the token's organization is the one backfilled.
 */
import { z } from "zod";
import { COUNTER_FIELDS, emptyTelemetry, mergeTelemetry, type IngestionTelemetry } from "@/lib/ingestion/telemetry";
import { safeErrorMessage } from "@/lib/logger";
import { callApp, describeRefusal as describeApiRefusal, type ApiNeed, type ApiTarget } from "../lib/app-api";
import type { BackfillPlan } from "./args";
import {
  finishBackfill,
  stepState,
  type BackfillOrg,
  type BackfillSummary,
  type StepInfo,
  type StepResult,
} from "./run";

/** The API answers for the token's organization; its name is not something a token can read. */
export const TOKEN_ORG: BackfillOrg = { id: "api-token", name: "the token's organization" };

export type { ApiTarget } from "../lib/app-api";

export interface RunThroughApiOptions {
  signal?: AbortSignal;
  onStepStart?: (step: StepInfo) => void;
  onStep?: (result: StepResult, total: number) => void;
  auditDir?: string | null;
  fetch?: typeof fetch;
}

const counters = Object.fromEntries(COUNTER_FIELDS.map((f) => [f, z.number()])) as Record<
  (typeof COUNTER_FIELDS)[number],
  z.ZodNumber
>;
const ingestResponseSchema = z.object({
  runId: z.string().nullable(),
  status: z.enum(["succeeded", "partial", "failed"]),
  telemetry: z.looseObject({
    ...counters,
    issues: z.array(z.object({ code: z.string(), message: z.string(), count: z.number(), keys: z.array(z.string()) })),
    providers: z.record(z.string(), z.enum(["ok", "failed"])).optional(),
  }),
});

const INGEST: ApiNeed = { scope: "ingest:write", path: "/api/usage", action: "load usage" };

/** A refused POST /api/usage in plain words (see ../lib/app-api describeRefusal). */
export function describeRefusal(status: number, body: unknown, appUrl: string): { error: string; fatal: boolean } {
  return describeApiRefusal(status, body, appUrl, INGEST);
}

async function postChunk(
  target: ApiTarget,
  range: { start: string; end: string },
  fetchFn: typeof fetch,
  signal?: AbortSignal,
): Promise<{ ok: z.infer<typeof ingestResponseSchema> } | { error: string; fatal: boolean }> {
  const answer = await callApp(target, { method: "POST", pathAndQuery: "/api/usage", body: range }, INGEST, {
    fetch: fetchFn,
    signal,
  });
  if (!answer.ok) return { error: answer.error, fatal: answer.fatal };
  const parsed = ingestResponseSchema.safeParse(answer.body);
  if (!parsed.success) {
    return {
      error: `the app at ${target.appUrl} answered 200 but not with an ingestion run; is it CogniTrack?`,
      fatal: true,
    };
  }
  return { ok: parsed.data };
}

export async function runBackfillThroughApi(
  plan: BackfillPlan,
  target: ApiTarget,
  options: RunThroughApiOptions = {},
): Promise<BackfillSummary> {
  const { signal } = options;
  const fetchFn = options.fetch ?? fetch;
  const startedAt = Date.now();
  const telemetry = emptyTelemetry();
  const org = TOKEN_ORG;
  const results: StepResult[] = [];
  let fatal: string | null = null;

  for (const [i, chunk] of plan.chunks.entries()) {
    const start = chunk.days[0]!;
    const end = chunk.days.at(-1)!;
    const base = { index: i + 1, chunk: i + 1, start, end, days: chunk.days.length, org, dryRun: false };
    const info: StepInfo = { index: i + 1, total: plan.chunks.length, range: `${start}..${end}`, org };
    if (signal?.aborted) {
      results.push({ ...base, state: "not-run", runId: null, status: null, durationMs: 0 });
      continue;
    }
    let result: StepResult;
    if (fatal) {
      result = { ...base, state: "error", runId: null, status: null, error: `not sent: ${fatal}`, durationMs: 0 };
    } else {
      options.onStepStart?.(info);
      const stepStarted = Date.now();
      try {
        const answer = await postChunk(target, { start, end }, fetchFn, signal);
        if ("ok" in answer) {
          const t = answer.ok.telemetry as unknown as IngestionTelemetry;
          mergeTelemetry(telemetry, t);
          result = {
            ...base,
            state: stepState(answer.ok.status, t, false),
            runId: answer.ok.runId,
            status: answer.ok.status,
            telemetry: t,
            durationMs: Date.now() - stepStarted,
          };
        } else {
          if (answer.fatal) fatal = answer.error;
          result = { ...base, state: "error", runId: null, status: null, error: answer.error, durationMs: 0 };
          result.durationMs = Date.now() - stepStarted;
        }
      } catch (e) {
        // Only an abort reaches here (postChunk turns every other failure into an answer).
        result = {
          ...base,
          state: "interrupted",
          runId: null,
          status: null,
          error: safeErrorMessage(e),
          durationMs: Date.now() - stepStarted,
        };
      }
    }
    results.push(result);
    options.onStep?.(result, plan.chunks.length);
  }
  return finishBackfill(plan, [org], results, telemetry, startedAt, options.auditDir);
}
