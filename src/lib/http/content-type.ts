/**
 * JSON routes take `application/json` only: a cross-site form or `text/plain` fetch (which needs
 * no CORS preflight) can then never reach a JSON handler, and clients get a clear 415 instead of
 * a parse error.
 */
import { AppError } from "@/lib/errors";

// `application/json`, optionally with a UTF-8 charset (the only encoding JSON allows on the wire).
const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*(?:"utf-8"|utf-8)\s*)?$/i;

export function isJsonContentType(value: string | null): boolean {
  return value !== null && JSON_TYPE.test(value.trim());
}

export const UNSUPPORTED_MEDIA_TYPE_MESSAGE =
  "Send the request body as JSON with the header Content-Type: application/json.";

/**
 * For state-changing requests: a Content-Type, when sent, must be JSON; a request without one may
 * only carry an empty body (checked once the body is read, see `assertBodylessOrJson`).
 */
export function assertJsonOrNoContentType(contentType: string | null): void {
  if (contentType !== null && !isJsonContentType(contentType)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", UNSUPPORTED_MEDIA_TYPE_MESSAGE);
  }
}

/** A body that arrived without any Content-Type is refused unless it is empty. */
export function assertBodylessOrJson(contentType: string | null, byteLength: number): void {
  if (contentType === null && byteLength > 0) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", UNSUPPORTED_MEDIA_TYPE_MESSAGE);
  }
}
