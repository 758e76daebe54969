import { describe, expect, it } from "vitest";
import { buildConfig } from "@/lib/env";
import { POLICIES, providerPolicy } from "@/lib/rate-limit/policies";

describe("provider pacing comes from the named policies", () => {
  it("uses the policy's own numbers when nothing is configured (unset or empty)", () => {
    for (const value of [undefined, ""]) {
      const config = buildConfig({
        OPENAI_ADMIN_REQUESTS_PER_MINUTE: value,
        OPENAI_ADMIN_MAX_BURST: value,
        ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: value,
        ANTHROPIC_ADMIN_MAX_BURST: value,
      });
      expect(providerPolicy("openaiAdmin", config.openai.pacing)).toEqual(POLICIES.openaiAdmin);
      expect(providerPolicy("anthropicAdmin", config.anthropic.pacing)).toEqual(POLICIES.anthropicAdmin);
    }
  });

  it("lets each configured variable replace only its own number", () => {
    const config = buildConfig({ OPENAI_ADMIN_REQUESTS_PER_MINUTE: "7", ANTHROPIC_ADMIN_MAX_BURST: "3" });
    expect(providerPolicy("openaiAdmin", config.openai.pacing)).toEqual({
      name: POLICIES.openaiAdmin.name,
      requestsPerMinute: 7,
      burst: POLICIES.openaiAdmin.burst,
    });
    expect(providerPolicy("anthropicAdmin", config.anthropic.pacing)).toEqual({
      name: POLICIES.anthropicAdmin.name,
      requestsPerMinute: POLICIES.anthropicAdmin.requestsPerMinute,
      burst: 3,
    });
  });

  it("keeps the policies distinct per provider", () => {
    expect(POLICIES.openaiAdmin.name).not.toBe(POLICIES.anthropicAdmin.name);
  });
});
