// `start_time` (required) and `end_time` (optional, after start) in unix seconds, as OpenAI's usage
// and costs endpoints take them, with OpenAI's error wording.

import { errors, type EmulatorResponse } from "./http-util";

const UINT = /^\d{1,12}$/;

export function parseTimeRange(
  query: URLSearchParams,
): { startTime: number; endTime: number | null } | EmulatorResponse {
  const start = query.get("start_time");
  if (start === null || start === "")
    return errors.invalidParam("start_time", "Missing required parameter: 'start_time'.");
  if (!UINT.test(start))
    return errors.invalidParam("start_time", `Invalid value for 'start_time': expected unix seconds, got '${start}'.`);
  const end = query.get("end_time");
  if (end !== null && (!UINT.test(end) || Number(end) <= Number(start))) {
    return errors.invalidParam(
      "end_time",
      "Invalid value for 'end_time': expected unix seconds greater than 'start_time'.",
    );
  }
  return { startTime: Number(start), endTime: end === null ? null : Number(end) };
}
