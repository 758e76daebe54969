import { describe, expect, it } from "vitest";
import { configureLogger, logger, redact } from "@/lib/logger";

describe("log redaction", () => {
  it("masks secret-named fields and key-shaped strings anywhere", () => {
    const lines: string[] = [];
    configureLogger({ level: "debug", sink: (l) => lines.push(l) });
    logger.info("calling with sk-admin-TESTONLYabcdefgh12345678", {
      apiKey: "anything",
      headers: { authorization: "Bearer abcdefghijklmnop" },
      nested: ["see sk-proj-TESTONLYzzzzzzzzzzzz"],
      inputTokens: 42,
    });
    const out = lines.join("\n");
    expect(out).not.toContain("TESTONLY");
    expect(out).not.toContain("abcdefghijklmnop");
    expect(out).toContain('"inputTokens":42');
    expect(JSON.parse(lines[0]!).apiKey).toBe("[redacted]");
  });

  it("masks CogniTrack API tokens wherever they appear, but not the session cookie's name", () => {
    const token = `ct_${"A1b2_C3d-".repeat(4)}xyz0123`;
    expect(token).toHaveLength(46);
    expect(redact({ note: `script used ${token} today`, label: "ct_session" })).toEqual({
      note: "script used [redacted-key] today",
      label: "ct_session",
    });
  });

  it("masks webhook signing secrets wherever they appear", () => {
    const secret = `whsec_${"Zx9_Qw8-".repeat(5)}`;
    expect(redact({ note: `receiver configured with ${secret}` })).toEqual({
      note: "receiver configured with [redacted-key]",
    });
  });

  it("keeps error messages but redacts keys in them", () => {
    const r = redact(new Error("401 for sk-admin-TESTONLYabcdefgh12345678")) as { message: string };
    expect(r.message).toBe("401 for [redacted-key]");
  });
});
