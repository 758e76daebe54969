import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);

describe("layers below the providers", () => {
  const lower = ["src/lib/rate-limit", "src/lib/http-client"].flatMap(sourceFiles);

  it("rate-limit/ and http-client/ never import from providers/ (ProviderError lives below them)", () => {
    expect(lower.length).toBeGreaterThan(5);
    const upward = lower.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith("@/lib/providers") || /(^|\/)providers(\/|$)/.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(upward).toEqual([]);
  });
});

describe("provider pacing numbers", () => {
  // A `requestsPerMinute: 60` or `burst: 10` literal anywhere else would be a second copy of a policy.
  const users = ["src", "scripts"]
    .flatMap(sourceFiles)
    .filter((f) => !f.endsWith(path.join("rate-limit", "policies.ts")));

  it("live only in src/lib/rate-limit/policies.ts", () => {
    expect(users.length).toBeGreaterThan(50);
    const copies = users.filter((file) => /\b(requestsPerMinute|burst)\s*:\s*\d/.test(readFileSync(file, "utf8")));
    expect(copies).toEqual([]);
  });

  it("are used by both provider clients through the policy lookup", () => {
    for (const adapter of ["src/lib/providers/openai/adapter.ts", "src/lib/providers/anthropic/adapter.ts"]) {
      expect(readFileSync(adapter, "utf8")).toMatch(/pacing: providerPolicy\("\w+Admin", config\.\w+\.pacing\)/);
    }
  });
});
