import { describe, expect, it } from "vitest";
import { crossSiteRefusal, type OriginFacts, requestOwnOrigin } from "@/lib/http/origin";

const base: OriginFacts = {
  method: "POST",
  origin: null,
  secFetchSite: null,
  host: "app.example:3000",
  forwardedHost: null,
  forwardedProto: null,
  urlProtocol: "http:",
};
const facts = (over: Partial<OriginFacts>): OriginFacts => ({ ...base, ...over });

describe("cross-site refusal of state-changing requests", () => {
  it.each<[string, Partial<OriginFacts>, string[], boolean]>([
    // [why, request, trusted origins, allowed]
    ["same origin", { origin: "http://app.example:3000" }, [], true],
    [
      "same origin, origin header with a trailing path is still an origin",
      { origin: "http://app.example:3000/" },
      [],
      true,
    ],
    ["another site", { origin: "http://evil.example" }, [], false],
    ["same host, another port", { origin: "http://app.example:3001" }, [], false],
    ["same host, another scheme", { origin: "https://app.example:3000" }, [], false],
    ["a subdomain", { origin: "http://x.app.example:3000" }, [], false],
    ["the opaque origin null", { origin: "null" }, [], false],
    ["a non-web origin", { origin: "file://" }, [], false],
    ["garbage in Origin", { origin: "not a url" }, [], false],
    [
      "Origin wins over a lying Sec-Fetch-Site",
      { origin: "http://evil.example", secFetchSite: "same-origin" },
      [],
      false,
    ],
    ["APP_URL's origin is trusted", { origin: "https://public.example" }, ["https://public.example"], true],
    ["only the exact APP_URL origin", { origin: "https://public.example.evil" }, ["https://public.example"], false],
    [
      "behind a proxy: X-Forwarded-Host and X-Forwarded-Proto",
      { origin: "https://public.example", forwardedHost: "public.example", forwardedProto: "https" },
      [],
      true,
    ],
    [
      "forwarded lists use their first value",
      { origin: "https://public.example", forwardedHost: "public.example, inner", forwardedProto: "https,http" },
      [],
      true,
    ],
    ["no Origin, Sec-Fetch-Site same-origin", { secFetchSite: "same-origin" }, [], true],
    ["no Origin, Sec-Fetch-Site none (typed in the address bar)", { secFetchSite: "none" }, [], true],
    ["no Origin, Sec-Fetch-Site same-site", { secFetchSite: "same-site" }, [], false],
    ["no Origin, Sec-Fetch-Site cross-site", { secFetchSite: "cross-site" }, [], false],
    ["no Origin, Sec-Fetch-Site in capitals", { secFetchSite: "CROSS-SITE" }, [], false],
    ["no Origin, empty Sec-Fetch-Site", { secFetchSite: "" }, [], false],
    ["neither header: curl, CLIs, machines", {}, [], true],
  ])("%s", (_why, request, trusted, allowed) => {
    const reason = crossSiteRefusal(facts(request), trusted);
    if (allowed) expect(reason).toBeNull();
    else expect(reason).toEqual(expect.any(String));
  });

  it.each(["POST", "PUT", "PATCH", "DELETE", "delete"])("applies to %s", (method) => {
    expect(crossSiteRefusal(facts({ method, origin: "http://evil.example" }))).not.toBeNull();
  });

  it.each(["GET", "HEAD", "OPTIONS"])("leaves %s alone", (method) => {
    expect(crossSiteRefusal(facts({ method, origin: "http://evil.example", secFetchSite: "cross-site" }))).toBeNull();
  });

  it("has no own origin without a host, so only trusted origins pass", () => {
    const noHost = facts({ host: null, origin: "http://app.example:3000" });
    expect(requestOwnOrigin(noHost)).toBeNull();
    expect(crossSiteRefusal(noHost)).not.toBeNull();
    expect(crossSiteRefusal(noHost, ["http://app.example:3000"])).toBeNull();
  });
});
