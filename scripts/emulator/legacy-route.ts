// GET /v1/usage?date=YYYY-MM-DD: the undocumented per-day usage endpoint standard keys can call.
// One entry per completions model, all stamped at the day's 00:00 UTC (the emulator never splits a
// model's day across several aggregation_timestamps; real responses may, so consumers sum per day).
// Standard key: its project's usage. Admin key: the whole organization's.

import { errors, type EmulatorResponse } from "./http-util";
import { dayStartOf, type Credential, type EmulatorDataset } from "./types";

export function handleLegacyUsage(
  query: URLSearchParams,
  dataset: EmulatorDataset,
  credential: Credential,
): EmulatorResponse {
  const date = query.get("date");
  if (date === null || date === "") return errors.invalidParam("date", "Missing required parameter: 'date'.");
  let dayStart: number;
  try {
    dayStart = dayStartOf(date);
  } catch {
    return errors.invalidParam("date", `Invalid value for 'date': expected YYYY-MM-DD, got '${date}'.`);
  }
  if (dataset.fixtures) return { status: 200, body: dataset.fixtures.legacyUsage };

  const byModel = new Map<
    string,
    { n_requests: number; n_context_tokens_total: number; n_generated_tokens_total: number }
  >();
  for (const row of dataset.dayUsage(dayStart, credential.orgId).completions) {
    if (credential.kind === "standard" && row.project_id !== credential.projectId) continue;
    const model = row.model ?? "unknown";
    let sums = byModel.get(model);
    if (!sums) byModel.set(model, (sums = { n_requests: 0, n_context_tokens_total: 0, n_generated_tokens_total: 0 }));
    sums.n_requests += row.num_model_requests;
    sums.n_context_tokens_total += row.input_tokens;
    sums.n_generated_tokens_total += row.output_tokens;
  }
  const data = [...byModel.entries()].map(([model, sums]) => ({
    aggregation_timestamp: dayStart,
    n_requests: sums.n_requests,
    operation: "completion",
    snapshot_id: model,
    n_context_tokens_total: sums.n_context_tokens_total,
    n_generated_tokens_total: sums.n_generated_tokens_total,
  }));
  return {
    status: 200,
    body: { object: "list", data, ft_data: [], dalle_api_data: [], whisper_api_data: [], tts_api_data: [] },
  };
}
