import { describe, expect, it } from "vitest";
import { credentialFromEnv, parseAdminSampleArgs, redactFor } from "../../../scripts/admin-usage-sample";

describe("parseAdminSampleArgs", () => {
  it("defaults to the OPENAI_ADMIN_KEY variable and one day", () => {
    expect(parseAdminSampleArgs([])).toMatchObject({ apiKeyEnv: "OPENAI_ADMIN_KEY", days: 1, keyId: undefined });
    expect(parseAdminSampleArgs(["--api-key-env", "MY_KEY", "--org", "org_1", "--days", "3"])).toMatchObject({
      apiKeyEnv: "MY_KEY",
      org: "org_1",
      days: 3,
    });
  });

  it("rejects mixed credential sources, a stored key without its owner, and a key as the variable name", () => {
    const id = "7b1c2d3e-0000-4000-8000-0000000000e2";
    expect(parseAdminSampleArgs(["--key-id", id, "--user", "a@b.c"])).toMatchObject({ keyId: id, user: "a@b.c" });
    expect(parseAdminSampleArgs(["--key-id", id, "--key-org", "Acme"])).toMatchObject({ keyId: id, keyOrg: "Acme" });
    expect(() => parseAdminSampleArgs(["--key-id", id])).toThrow("--key-id needs --key-org");
    expect(() => parseAdminSampleArgs(["--key-id", id, "--key-org", "A", "--user", "a"])).toThrow(/not both/);
    expect(() => parseAdminSampleArgs(["--key-id", id, "--user", "a", "--api-key-env", "X"])).toThrow(/not both/);
    expect(() => parseAdminSampleArgs(["--key-id", "12", "--user", "a"])).toThrow(/must be a key id/);
    expect(() => parseAdminSampleArgs(["--user", "a"])).toThrow(/only apply with --key-id/);
    expect(() => parseAdminSampleArgs(["--api-key-env", "sk-admin-abc123456789"])).toThrow(/NAME of an environment/);
    expect(() => parseAdminSampleArgs(["--days", "45"])).toThrow(/--days must be a whole number from 1 to 30/);
  });
});

describe("credentials and redaction", () => {
  it("reads the named variable and never echoes the key", () => {
    expect(credentialFromEnv("K", { K: " sk-admin-secretsecret " }).apiKey).toBe("sk-admin-secretsecret");
    expect(() => credentialFromEnv("K", {})).toThrow(/K is not set/);
    expect(
      redactFor('{"k":"sk-admin-secretsecret","b":"Bearer abcdefghijkl","odd":"xx-weird-key-1"}', "xx-weird-key-1"),
    ).toBe('{"k":"[redacted-key]","b":"Bearer [redacted]","odd":"[redacted-key]"}');
  });
});
