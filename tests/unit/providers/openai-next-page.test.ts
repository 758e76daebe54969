import { describe, expect, it } from "vitest";
import { sanitizeNextPage } from "@/lib/providers/openai/next-page";
import { ProviderError } from "@/lib/providers/types";

const BASE = "https://api.openai.com/v1";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof ProviderError ? e.code : "not-a-provider-error";
  }
}

describe("sanitizeNextPage", () => {
  it.each([
    ["page_AAAAAGdGxdEiJdKOAAAAAGcqsYA=", "page_AAAAAGdGxdEiJdKOAAAAAGcqsYA="],
    ["page_AA/BB+CC=", "page_AA/BB+CC="],
    ["https://api.openai.com/v1/organization/usage/completions?page=page_abc&limit=31", "page_abc"],
    ["https://API.openai.com:443/v1/organization/usage/completions?page=page_abc", "page_abc"],
    ["/v1/organization/usage/completions?page=page_xyz", "page_xyz"],
  ])("accepts %s", (input, cursor) => {
    expect(sanitizeNextPage(input, BASE)).toBe(cursor);
  });

  it("accepts a same-origin URL under a local emulator base", () => {
    expect(
      sanitizeNextPage("http://127.0.0.1:4010/v1/organization/usage/embeddings?page=p2", "http://127.0.0.1:4010/v1"),
    ).toBe("p2");
  });

  it.each([
    "http://api.openai.com/v1/organization/usage/completions?page=p", // scheme downgrade
    "https://api.openai.com.evil.com/v1/organization/usage/completions?page=p",
    "https://evil.com/v1/organization/usage/completions?page=p",
    "//evil.com/v1/organization/usage/completions?page=p",
    "///evil.com/v1/x?page=p",
    "http://user@evil.com/v1/x?page=p",
    "https://api.openai.com@evil.com/v1/x?page=p",
    "https://evil.com@api.openai.com/v1/x?page=p", // userinfo on the right host is still refused
    "https://api.openai.com:8443/v1/x?page=p",
    "https://api.openai.com/v2/x?page=p",
    "https://api.openai.com/v1evil/x?page=p",
    "https://api.openai.com/v1/../admin?page=p",
    "https://api.openai.com/v1/%2e%2e/admin?page=p",
    "https://api.openai.com/v1%2F..%2Fadmin?page=p",
    "/admin?page=p",
    "/\\evil.com/v1/x?page=p",
    "\\\\evil.com/v1/x?page=p",
    "https://api.openai.com\\@evil.com/v1/x?page=p",
    "https:\\\\evil.com/v1/x?page=p",
    "https://api.openai.com/v1/x", // no page param
    "https://api.openai.com/v1/x?page=a&page=b",
    "https://api.openai.com/v1/x?page=https://evil.com/",
    "https://api.openai.com/v1/x?page=%2F%2Fevil.com",
    "http%3A%2F%2Fevil.com%2Fv1%3Fpage%3Dp",
    "%2F%2Fevil.com",
    "javascript:alert(1)",
    "file:///etc/passwd",
    " https://evil.com/v1/x?page=p",
    "page_abc\r\nHost: evil.com",
    "x".repeat(5000),
  ])("refuses %s", (input) => {
    expect(codeOf(() => sanitizeNextPage(input, BASE))).toBe("UNSAFE_NEXT_PAGE");
  });

  it.each([null, undefined, "", 42, {}])("treats %j as malformed", (input) => {
    expect(codeOf(() => sanitizeNextPage(input, BASE))).toBe("MALFORMED_RESPONSE");
  });
});
