import { describe, expect, it } from "vitest";
import { createOrgSchema, renameOrgSchema } from "@/lib/orgs/schemas";

describe("organization names", () => {
  it.each([
    ["a lone high surrogate", "Team \ud800"],
    ["a lone low surrogate", "\udfff Team"],
    ["a NUL byte", "Team\u0000"],
    ["a line break", "Team\nA"],
    ["only spaces", "   "],
  ])("refuses %s (the shared text rule), for a new and a renamed organization", (_why, name) => {
    expect(createOrgSchema.safeParse({ name }).success).toBe(false);
    expect(renameOrgSchema.safeParse({ name }).success).toBe(false);
  });

  it("keeps a name with accents and emoji, trimmed", () => {
    expect(createOrgSchema.parse({ name: "  Équipe 🚀 " })).toEqual({ name: "Équipe 🚀" });
  });
});
