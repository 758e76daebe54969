/**
 * Request bodies are read as a byte stream against a byte limit: the count is of bytes (a 1 MiB
 * limit is not 1M characters of multi-byte UTF-8), and reading stops at the limit, so an endless
 * or 20 MB chunked body costs at most the limit before the 413.
 */
import { AppError } from "@/lib/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = (limit: number) =>
  new AppError(
    "PAYLOAD_TOO_LARGE",
    `Request body is larger than ${limit === MAX_BODY_BYTES ? "1 MiB" : `${limit} bytes`}.`,
  );

/** Reads at most `limit` bytes; one byte more cancels the stream and throws PAYLOAD_TOO_LARGE. */
export async function readBodyBytes(
  body: ReadableStream<Uint8Array> | null,
  limit = MAX_BODY_BYTES,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      // Not awaited: the source's cancel may wait on a peer that keeps sending.
      reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** A declared Content-Length over the limit is refused before reading anything. */
export function assertDeclaredLength(contentLength: string | null, limit = MAX_BODY_BYTES): void {
  if (contentLength !== null && Number(contentLength) > limit) throw tooLarge(limit);
}

/** Empty body = `{}`; otherwise strict UTF-8 JSON. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("BAD_REQUEST", "Request body is not valid UTF-8.");
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "Request body is not valid JSON.");
  }
}
