import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { assertDeclaredLength, MAX_BODY_BYTES, parseJsonBytes, readBodyBytes } from "@/lib/http/body";

const CHUNK = 64 * 1024;

async function errorCode(p: Promise<unknown>): Promise<string | null> {
  return p.then(
    () => null,
    (e: unknown) => (isAppError(e) ? e.code : `not an AppError: ${String(e)}`),
  );
}

const streamOf = (text: string) => new Request("http://test.local/", { method: "POST", body: text }).body!;

/** A body that never ends: counts what was pulled from it and whether it was cancelled. */
function endlessBody() {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulled += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe("request body limit", () => {
  it("counts bytes, not characters: under 1M characters but over 1 MiB of UTF-8 is a 413", async () => {
    const label = "é".repeat(600_000); // 600k characters, 1.2 MB as UTF-8
    const text = JSON.stringify({ label });
    expect(text.length).toBeLessThan(MAX_BODY_BYTES);
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_BODY_BYTES);
    expect(await errorCode(readBodyBytes(streamOf(text)))).toBe("PAYLOAD_TOO_LARGE");
  });

  it("accepts exactly 1 MiB and refuses one byte more", async () => {
    const exact = await readBodyBytes(streamOf("a".repeat(MAX_BODY_BYTES)));
    expect(exact.byteLength).toBe(MAX_BODY_BYTES);
    expect(await errorCode(readBodyBytes(streamOf("a".repeat(MAX_BODY_BYTES + 1))))).toBe("PAYLOAD_TOO_LARGE");
  });

  it("stops an endless body at the limit, cancels it and reads nothing more", async () => {
    const { stream, state } = endlessBody();
    expect(await errorCode(readBodyBytes(stream))).toBe("PAYLOAD_TOO_LARGE");
    const pulledAtRefusal = state.pulled;
    expect(pulledAtRefusal).toBeGreaterThan(MAX_BODY_BYTES);
    expect(pulledAtRefusal).toBeLessThanOrEqual(MAX_BODY_BYTES + CHUNK);
    await new Promise((r) => setImmediate(r));
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBe(pulledAtRefusal);
  });

  it("refuses a declared Content-Length over the limit before reading anything", () => {
    expect(() => assertDeclaredLength(String(20 * 1024 * 1024))).toThrow(/larger than 1 MiB/);
    expect(() => assertDeclaredLength(String(MAX_BODY_BYTES))).not.toThrow();
    expect(() => assertDeclaredLength(null)).not.toThrow();
  });

  it("reads a small body whole, across chunks", async () => {
    const bytes = await readBodyBytes(streamOf(JSON.stringify({ label: "héllo" })));
    expect(parseJsonBytes(bytes)).toEqual({ label: "héllo" });
  });

  it("treats a missing or empty body as {}", async () => {
    expect(parseJsonBytes(await readBodyBytes(null))).toEqual({});
    expect(parseJsonBytes(new TextEncoder().encode("  \n"))).toEqual({});
  });

  it("answers malformed JSON and invalid UTF-8 with a readable 400", () => {
    const codeAndMessage = (bytes: Uint8Array) => {
      try {
        parseJsonBytes(bytes);
        return null;
      } catch (e) {
        return isAppError(e) ? `${e.status} ${e.message}` : "not an AppError";
      }
    };
    expect(codeAndMessage(new TextEncoder().encode("{not json"))).toBe("400 Request body is not valid JSON.");
    expect(codeAndMessage(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toBe("400 Request body is not valid UTF-8.");
  });
});
