import { describe, expect, it } from "vitest";
import { findProviderAdapter, getProviderAdapter, listProviderAdapters } from "@/lib/providers/registry";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/types";

const ADMIN = "sk-ant-admin01-registry-test-key";

function issues(provider: ProviderId, input: unknown): string[] {
  const parsed = getProviderAdapter(provider).keyInput.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("provider registry", () => {
  it("has one adapter per provider id, keyed by that id", () => {
    const adapters = listProviderAdapters();
    expect(adapters.map((a) => a.id)).toEqual([...PROVIDER_IDS]);
    for (const id of PROVIDER_IDS) expect(getProviderAdapter(id).id).toBe(id);
    expect(getProviderAdapter("anthropic").displayName).toBe("Anthropic");
  });

  it("finds nothing for an unknown provider instead of guessing", () => {
    expect(findProviderAdapter("mistral")).toBeNull();
    expect(findProviderAdapter("OpenAI")).toBeNull();
    expect(() => getProviderAdapter("gemini" as ProviderId)).toThrow(/No adapter for provider "gemini"/);
  });

  it("says where each provider lives on the emulator", () => {
    expect(getProviderAdapter("openai").emulatorBaseUrl("http://127.0.0.1:4010")).toBe("http://127.0.0.1:4010/v1");
    expect(getProviderAdapter("anthropic").emulatorBaseUrl("http://127.0.0.1:4010")).toBe("http://127.0.0.1:4010");
  });

  it("labels a null project only where the provider means something by it", () => {
    expect(getProviderAdapter("anthropic").nullProjectLabel).toBe("Default workspace");
    expect(getProviderAdapter("openai").nullProjectLabel).toBeNull();
  });
});

describe("key input per provider", () => {
  it("Anthropic: an Admin key alone, admin mode implied, no org or project ids", () => {
    expect(getProviderAdapter("anthropic").keyInput.parse({ apiKey: `  ${ADMIN} ` })).toEqual({
      apiKey: ADMIN,
      usageMode: "admin",
      organizationId: null,
      projectId: null,
    });
    expect(getProviderAdapter("anthropic").keyFields).toEqual(["apiKey"]);
  });

  it("Anthropic: refuses a regular API key, standard mode and ids, in plain words", () => {
    expect(issues("anthropic", { apiKey: "sk-ant-api03-regular-key-123" })).toEqual([
      "apiKey: apiKey must be an Anthropic Admin key (it starts with sk-ant-admin); regular API keys cannot read usage",
    ]);
    expect(issues("anthropic", { apiKey: ADMIN, usageMode: "standard" })[0]).toMatch(/usageMode can only be 'admin'/);
    expect(issues("anthropic", { apiKey: ADMIN, organizationId: "org_1", projectId: "p" })).toEqual([
      "organizationId: Anthropic keys take no organizationId: an Admin key reports on its whole organization",
      "projectId: Anthropic keys take no projectId: an Admin key reports on its whole organization",
    ]);
    expect(issues("anthropic", { apiKey: "sk-ant-admin with space" })[0]).toMatch(/must not contain spaces/);
  });

  it("OpenAI: standard by default; admin mode needs the organization and project ids", () => {
    expect(getProviderAdapter("openai").keyInput.parse({ apiKey: "sk-proj-abcdefghij" })).toEqual({
      apiKey: "sk-proj-abcdefghij",
      usageMode: "standard",
      organizationId: null,
      projectId: null,
    });
    expect(issues("openai", { apiKey: "sk-admin-abcdefghij", usageMode: "admin" })).toEqual([
      "organizationId: admin mode needs organizationId and projectId (the OpenAI organization and project the admin key reports on)",
    ]);
    expect(issues("openai", { apiKey: "short" })[0]).toMatch(/too short/);
  });
});
