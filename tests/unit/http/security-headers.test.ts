import { describe, expect, it } from "vitest";
import {
  API_CSP,
  clerkExtraDirectives,
  createNonce,
  pageCspDirectives,
  serializeCsp,
  servedOverHttps,
  STATIC_SECURITY_HEADERS,
} from "@/lib/http/security-headers";

// Next takes the nonce from the request's CSP with this pattern; anything else leaves scripts unnonced.
const NEXT_NONCE = /^[A-Za-z0-9+/_-]+={0,2}$/;

const directive = (csp: string, name: string) =>
  csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d === name || d.startsWith(`${name} `));

describe("page Content-Security-Policy", () => {
  const nonce = createNonce();
  const prod = serializeCsp(pageCspDirectives({ nonce, dev: false, https: false }));

  it("allows scripts only by nonce (strict-dynamic), never inline or eval in production", () => {
    expect(directive(prod, "script-src")).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(prod).not.toContain("unsafe-eval");
    expect(directive(prod, "script-src")).not.toContain("unsafe-inline");
  });

  it("needs the nonce for style elements and allows style attributes only", () => {
    expect(directive(prod, "style-src")).toBe(`style-src 'self' 'nonce-${nonce}'`);
    expect(directive(prod, "style-src-attr")).toBe("style-src-attr 'unsafe-inline'");
  });

  it("forbids framing, plugins and foreign base URLs", () => {
    expect(directive(prod, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(prod, "object-src")).toBe("object-src 'none'");
    expect(directive(prod, "base-uri")).toBe("base-uri 'self'");
    expect(directive(prod, "default-src")).toBe("default-src 'self'");
  });

  it("adds eval and inline styles only for next dev, and upgrades requests only over https", () => {
    const dev = serializeCsp(pageCspDirectives({ nonce, dev: true, https: false }));
    expect(directive(dev, "script-src")).toContain("'unsafe-eval'");
    expect(directive(dev, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(prod, "upgrade-insecure-requests")).toBeUndefined();
    const https = serializeCsp(pageCspDirectives({ nonce, dev: false, https: true }));
    expect(directive(https, "upgrade-insecure-requests")).toBe("upgrade-insecure-requests");
  });

  it("makes a fresh nonce per call in the form Next can read", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const n of nonces) expect(n).toMatch(NEXT_NONCE);
  });

  it("gives Clerk mode the same framing and plugin rules", () => {
    const extra = clerkExtraDirectives(false);
    expect(extra["frame-ancestors"]).toEqual(["'none'"]);
    expect(extra["object-src"]).toEqual(["'none'"]);
    expect(clerkExtraDirectives(true)["upgrade-insecure-requests"]).toEqual([]);
  });
});

describe("static headers", () => {
  it("deny framing and sniffing, and set a referrer and permissions policy", () => {
    const byName = Object.fromEntries(STATIC_SECURITY_HEADERS.map((h) => [h.key.toLowerCase(), h.value]));
    expect(byName["x-frame-options"]).toBe("DENY");
    expect(byName["x-content-type-options"]).toBe("nosniff");
    expect(byName["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(byName["permissions-policy"]).toContain("camera=()");
    expect(API_CSP).toContain("default-src 'none'");
    expect(API_CSP).toContain("frame-ancestors 'none'");
  });

  it("detects https from X-Forwarded-Proto or the URL", () => {
    const req = (url: string, proto?: string) =>
      new Request(url, { headers: proto ? { "x-forwarded-proto": proto } : {} });
    expect(servedOverHttps(req("http://127.0.0.1/", "https"))).toBe(true);
    expect(servedOverHttps(req("http://127.0.0.1/", "https,http"))).toBe(true);
    expect(servedOverHttps(req("https://127.0.0.1/", "http"))).toBe(false);
    expect(servedOverHttps(req("https://app.example/"))).toBe(true);
    expect(servedOverHttps(req("http://127.0.0.1/"))).toBe(false);
  });
});
