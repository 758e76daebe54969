import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { durationInWords, rateLimitedError, retryAfterSecondsOf } from "@/lib/rate-limit/rate-limited-error";
import { REQUEST_POLICIES } from "@/lib/rate-limit/request-policies";

describe("the rate-limit refusal", () => {
  it.each([
    [0.2, "1 second"],
    [45, "45 seconds"],
    [60, "1 minute"],
    [61, "2 minutes"],
    [14 * 60, "14 minutes"],
    [90 * 60, "90 minutes"],
    [90 * 60 + 1, "2 hours"],
  ])("says %d seconds as %s, rounded up", (seconds, words) => {
    expect(durationInWords(seconds)).toBe(words);
  });

  it("is a 429 with a plain message and a Retry-After header in whole seconds", async () => {
    const res = errorResponse(rateLimitedError(REQUEST_POLICIES.signInPerAccount, 839.2), "req-1");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("840");
    expect(res.headers.get("x-request-id")).toBe("req-1");
    expect(await res.json()).toEqual({
      error: {
        code: "RATE_LIMITED",
        message: "Too many sign-in attempts for this email address. Try again in 14 minutes.",
        requestId: "req-1",
      },
    });
  });

  it("adds Retry-After to rate-limit refusals only", () => {
    expect(errorResponse(new AppError("CONFLICT", "Taken."), "r").headers.get("retry-after")).toBeNull();
    expect(retryAfterSecondsOf(new AppError("RATE_LIMITED", "Slow down."))).toBeNull();
    expect(retryAfterSecondsOf(new AppError("CONFLICT", "x", { details: { retryAfterSeconds: 5 } }))).toBeNull();
  });
});
