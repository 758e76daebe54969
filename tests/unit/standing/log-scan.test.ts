import { describe, expect, it } from "vitest";
import { findSecrets, formatFindings } from "../../e2e/log-scan";

const known = [
  { what: "an emulator provider key", value: "sk-admin-emu-424242-1" },
  { what: "a stored IV", value: "q83vEjRWeJA0Ejsb" },
];

describe("the log scan", () => {
  it.each([
    [
      "a provider key, even in an odd spot",
      '{"msg":"fetch failed","url":"https://x/?key=sk-proj-abcdefgh1234"}',
      /provider key/,
    ],
    ["a bearer value", "authorization: Bearer 0123456789abcdef", /bearer/],
    ["an API token", "created ct_9f8e7d6c5b4a3210ffee", /API token/],
    ["a session cookie value", "cookie: ct_session=QmFzZTY0VG9rZW4.c2ln", /session cookie/],
    ["an auth-tag-shaped value", '"authTag":"3q2+7wAAAAAAAAAAAAAAAA=="', /auth-tag/],
    ["query parameters", "Failed query: insert into provider_keys values ($1)\nparams: 1,openai,label", /parameters/],
    ["a known stored IV", "iv=q83vEjRWeJA0Ejsb;", /stored IV/],
  ])("finds %s", (_what, text, what) => {
    const findings = findSecrets("app.log", text, known);
    expect(findings.map((f) => f.what).join(" | ")).toMatch(what);
  });

  it.each([
    ["a masked key", '{"maskedKey":"sk-admin-...ey-1"}'],
    ["a redacted key and bearer", '{"msg":"[redacted-key] Bearer [redacted]"}'],
    ["the cookie's name alone", "set-cookie: ct_session=; Max-Age=0"],
    ["next start's banner", "▲ Next.js 16.4.5\n- Local: http://127.0.0.1:41234\n✓ Ready in 232ms"],
    ["a request id", '{"requestId":"97f33e7d-6951-40ee-86b4-f473a3164999"}'],
  ])("does not flag %s", (_what, text) => {
    expect(findSecrets("app.log", text, known)).toEqual([]);
  });

  it("never repeats the secret it found, and says where it was", () => {
    const findings = findSecrets("fuzz-app-1.log", "ok\nleaked sk-admin-emu-424242-1 here", known);
    expect(findings.length).toBeGreaterThan(0);
    const report = formatFindings(findings);
    expect(report).toContain("fuzz-app-1.log:2");
    expect(report).toContain("<secret>");
    expect(report).not.toContain("sk-admin-emu-424242-1");
  });
});
