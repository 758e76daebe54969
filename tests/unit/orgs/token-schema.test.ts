/** A token's name follows the one text rule: no control characters, no broken (lone surrogate) characters. */
import { describe, expect, it } from "vitest";
import { createTokenSchema } from "@/lib/orgs/tokens/schemas";

const nameProblem = (name: string) => {
  const parsed = createTokenSchema.safeParse({ name, scopes: ["usage:read"] });
  return parsed.success ? null : parsed.error.issues[0]!.message;
};

describe("API token names", () => {
  it("refuses lone surrogates (found by the fuzzer: Postgres could not store them) and control characters", () => {
    expect(nameProblem("\ud800\u202e\udc00")).toBe("name must be valid Unicode text (it holds a broken character)");
    expect(nameProblem("ci\u0000")).toMatch(/^name must not contain control characters/);
    expect(nameProblem("Nightly export 🚀")).toBeNull();
    expect(nameProblem("   ")).toBe("name is required: give the token a name");
  });
});
