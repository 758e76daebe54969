/**
 * The 1 MiB body limit of the built app is in bytes and does not wait for the whole body: a 20 MB
 * chunked upload is answered 413 long before it is all sent, and an endless one is answered at all.
 * Measured in bytes the client managed to send, never in time.
 */
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { env } from "./api-client";
import { PASSWORD, sameOrigin } from "./raw-client";

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/**
 * Streams a JSON body of `total` bytes (0 = endless, stopping at `giveUpAfter`) with chunked encoding
 * and reports the status and how many bytes had been handed to the socket when the answer came.
 */
function upload(path: string, total: number, giveUpAfter = 256 * 1024 * 1024) {
  return new Promise<{ status: number | null; sentBeforeAnswer: number; body: string }>((resolve, reject) => {
    const url = new URL(path, env().appUrl);
    let sent = 0;
    let answered = false;
    const req = request(
      url,
      {
        method: "POST",
        headers: { ...sameOrigin(), "content-type": "application/json", "transfer-encoding": "chunked" },
      },
      (res) => {
        answered = true;
        const sentBeforeAnswer = sent;
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? null, sentBeforeAnswer, body });
        });
      },
    );
    req.on("error", (e) => (answered ? undefined : reject(e)));
    req.write('{"password":"');
    const pump = () => {
      while (!answered) {
        if ((total > 0 && sent >= total) || sent >= giveUpAfter) {
          if (total > 0) req.end('"}');
          else resolve({ status: null, sentBeforeAnswer: sent, body: "" });
          return;
        }
        sent += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once("drain", pump);
      }
    };
    pump();
  });
}

describe("request body limit over HTTP", () => {
  it("answers a 20 MB chunked body with 413 before it has all been sent", async () => {
    const total = 20 * 1024 * 1024;
    const res = await upload("/api/auth/sign-in", total);
    expect(res.status).toBe(413);
    expect(res.body).toMatch(/larger than 1 MiB/);
    expect(res.sentBeforeAnswer).toBeLessThan(total);
  });

  it("answers an endless body with 413 instead of reading forever", async () => {
    const res = await upload("/api/auth/sign-up", 0);
    expect(res.status).toBe(413);
  });

  it("counts bytes: a chunked body of 600k two-byte characters (1.2 MB) is refused", async () => {
    const body = Buffer.from(JSON.stringify({ email: "x@example.com", password: PASSWORD + "é".repeat(600_000) }));
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(new URL("/api/auth/sign-in", env().appUrl), {
        method: "POST",
        headers: { ...sameOrigin(), "content-type": "application/json", "transfer-encoding": "chunked" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      for (let i = 0; i < body.length; i += CHUNK.length) req.write(body.subarray(i, i + CHUNK.length));
      req.end();
    });
    expect(status).toBe(413);
  });

  it("still answers other requests afterwards", async () => {
    expect((await fetch(`${env().appUrl}/api/health`)).status).toBe(200);
  });
});
