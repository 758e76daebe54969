/**
 * The refusal a limited request gets: AppError RATE_LIMITED (429) with a plain message saying when
 * to come back, and the seconds for the Retry-After header (set by the route error mapping).
 */
import { AppError } from "@/lib/errors";
import type { RequestPolicy } from "./request-policies";

export function rateLimitedError(policy: Pick<RequestPolicy, "name" | "tooMany">, retryAfterSeconds: number) {
  return new AppError("RATE_LIMITED", `${policy.tooMany} Try again in ${durationInWords(retryAfterSeconds)}.`, {
    details: { policy: policy.name, retryAfterSeconds },
  });
}

/** "45 seconds", "1 minute", "14 minutes", "2 hours": rounded up, so waiting that long is enough. */
export function durationInWords(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), "second");
  if (seconds <= 90 * 60) return plural(Math.ceil(seconds / 60), "minute");
  return plural(Math.ceil(seconds / 3600), "hour");
}

/** The Retry-After seconds an error asks for, when it is a rate-limit refusal. */
export function retryAfterSecondsOf(e: AppError): number | null {
  const details = e.details as { retryAfterSeconds?: unknown } | undefined;
  return e.code === "RATE_LIMITED" && typeof details?.retryAfterSeconds === "number"
    ? Math.max(1, Math.ceil(details.retryAfterSeconds))
    : null;
}
