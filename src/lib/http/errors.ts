import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { retryAfterSecondsOf } from "@/lib/rate-limit/rate-limited-error";
import { formatZodError } from "@/lib/validation";

/** Maps any thrown value to a JSON error; unknown errors never echo their message. */
export function errorResponse(e: unknown, requestId: string): NextResponse {
  const headers = { "x-request-id": requestId };
  if (e instanceof ZodError) {
    return NextResponse.json(
      { error: { code: "VALIDATION_FAILED", message: formatZodError(e), requestId } },
      { status: 400, headers },
    );
  }
  if (isAppError(e)) {
    if (e.status >= 500) logger.error("request failed", { requestId, code: e.code, error: e });
    const retryAfter = retryAfterSecondsOf(e);
    if (retryAfter !== null) Object.assign(headers, { "retry-after": String(retryAfter) });
    return NextResponse.json({ error: { code: e.code, message: e.message, requestId } }, { status: e.status, headers });
  }
  logger.error("unhandled error", { requestId, error: e });
  return NextResponse.json(
    { error: { code: "INTERNAL", message: `Something went wrong on our side. Reference: ${requestId}.`, requestId } },
    { status: 500, headers },
  );
}
