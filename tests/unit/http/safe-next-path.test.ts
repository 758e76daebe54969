import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "@/lib/http/safe-next-path";

const ORIGIN = "http://127.0.0.1:3000";

/** What the sign-in form sees: the `next` query value after URL decoding, as URLSearchParams gives it. */
const decoded = (query: string) => new URLSearchParams(query).get("next");

describe("safeNextPath", () => {
  it.each([
    ["/analytics", "/analytics"],
    ["/analytics?start=2026-01-01&model=gpt-4o", "/analytics?start=2026-01-01&model=gpt-4o"],
    ["/dashboard#keys", "/dashboard#keys"],
    ["/a/../dashboard", "/dashboard"],
    ["/%5Cevil.example/x", "/%5Cevil.example/x"], // an encoded backslash stays a path on our origin
    ["/ünïcode", "/%C3%BCn%C3%AFcode"],
  ])("keeps our own path %j", (next, expected) => {
    expect(safeNextPath(next, ORIGIN)).toBe(expected);
  });

  it.each([
    // the two findings of the audit, as the form receives them (query-decoded)
    ["next=/%5Cevil.example/x", decoded("next=/%5Cevil.example/x")],
    ["next=/%09/evil.example/x", decoded("next=/%09/evil.example/x")],
    ["protocol-relative", "//evil.example/x"],
    ["slash backslash", "/\\evil.example/x"],
    ["backslash slash", "\\/evil.example"],
    ["double backslash", "\\\\evil.example"],
    ["tab inside", "/\t/evil.example/x"],
    ["CR LF inside", "/\r\n/evil.example"],
    ["newline first", "\n//evil.example"],
    ["NUL", "/\u0000/evil.example"],
    ["leading space", " /analytics"],
    ["absolute http URL", "http://evil.example/x"],
    ["absolute https URL", "https://evil.example"],
    ["our own origin written absolutely", `${ORIGIN}/analytics`],
    ["scheme-relative with credentials", "//user@evil.example"],
    ["javascript: URL", "javascript:alert(1)"],
    ["javascript: URL in capitals", "JavaScript:alert(1)"],
    ["data: URL", "data:text/html,<script>alert(1)</script>"],
    ["relative path without a slash", "evil.example"],
    ["dot segments that normalize to //", "/.//evil.example/x"],
    ["dot-dot segments that normalize to //", "/x/..//evil.example"],
    ["double-encoded query value", decoded("next=%2F%2Fevil.example")],
    ["empty", ""],
  ])("refuses %s", (_why, next) => {
    expect(safeNextPath(next, ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("falls back when next is absent and honours a given fallback", () => {
    expect(safeNextPath(null, ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNextPath(undefined, ORIGIN, "/dashboard")).toBe("/dashboard");
    expect(safeNextPath("//evil.example", ORIGIN, "/dashboard")).toBe("/dashboard");
  });

  it("never returns anything that resolves off our origin", () => {
    const hostile = ["//a.example", "/\\a.example", "/\t/a.example", "/.//a.example", "http://a.example", "/ok"];
    const results = hostile.map((n) => safeNextPath(n, ORIGIN));
    expect(results).toHaveLength(hostile.length);
    for (const path of results) {
      expect(path.startsWith("/")).toBe(true);
      expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
    }
  });
});
