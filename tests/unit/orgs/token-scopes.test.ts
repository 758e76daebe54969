import { describe, expect, it } from "vitest";
import { bearerToken, roleForScopes } from "@/lib/orgs/token-actor";

describe("API token scopes and headers", () => {
  it("gives a token the lowest role its scopes need", () => {
    expect(roleForScopes(["usage:read"])).toBe("viewer");
    expect(roleForScopes(["costs:read", "usage:read"])).toBe("viewer");
    expect(roleForScopes(["usage:read", "ingest:write"])).toBe("admin");
    expect(roleForScopes(["ingest:write"])).toBe("admin");
  });

  it("reads only `Bearer ct_...` from the Authorization header", () => {
    expect(bearerToken("Bearer ct_abc")).toBe("ct_abc");
    expect(bearerToken("  bearer   ct_abc ")).toBe("ct_abc");
    expect(bearerToken("Bearer sk-admin-abc")).toBeNull();
    expect(bearerToken("Basic ct_abc")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
