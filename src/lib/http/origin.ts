/**
 * Cross-site request refusal: a state-changing request must come from our own origin. Browsers
 * always send `Origin` on cross-origin POST/PUT/PATCH/DELETE and `Sec-Fetch-Site` on every request,
 * so a request with neither comes from a non-browser client (curl, a CLI, a machine with a bearer
 * token) that a victim's cookies cannot reach.
 */

export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The headers the decision reads, as the request carried them (null when absent). */
export interface OriginFacts {
  method: string;
  origin: string | null;
  secFetchSite: string | null;
  host: string | null;
  forwardedHost: string | null;
  forwardedProto: string | null;
  /** Protocol of the URL the server saw ("http:" / "https:"), used when X-Forwarded-Proto is absent. */
  urlProtocol: string;
}

export const CROSS_SITE_MESSAGE =
  "This request came from another site and was refused. Use CogniTrack from its own pages, or call the API without browser cookies.";

const firstValue = (header: string | null) => header?.split(",")[0]?.trim() || null;

function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Our own origin as this request addressed it: X-Forwarded-Host (else Host) with X-Forwarded-Proto
 * (else the URL's protocol), the way Next compares server action origins, plus the scheme.
 */
export function requestOwnOrigin(facts: OriginFacts): string | null {
  const host = firstValue(facts.forwardedHost) ?? firstValue(facts.host);
  if (!host) return null;
  const proto = firstValue(facts.forwardedProto)?.toLowerCase() ?? facts.urlProtocol.replace(/:$/, "");
  if (proto !== "http" && proto !== "https") return null;
  return originOf(`${proto}://${host}`);
}

/**
 * Null when the request may proceed, otherwise why it was refused. `trustedOrigins` holds origins
 * accepted besides the request's own (APP_URL's, when the deployment sets it).
 */
export function crossSiteRefusal(facts: OriginFacts, trustedOrigins: readonly string[] = []): string | null {
  if (!STATE_CHANGING_METHODS.has(facts.method.toUpperCase())) return null;
  if (facts.origin !== null) {
    // "null" (sandboxed frames, file: pages, some redirects) is an origin we cannot vouch for.
    const origin = originOf(facts.origin.trim());
    if (!origin) return "origin is not a web origin";
    const own = requestOwnOrigin(facts);
    if (origin === own || trustedOrigins.includes(origin)) return null;
    return "origin is another site";
  }
  if (facts.secFetchSite !== null) {
    const site = facts.secFetchSite.trim().toLowerCase();
    return site === "same-origin" || site === "none" ? null : `sec-fetch-site is ${site || "empty"}`;
  }
  return null;
}

/** The facts from a Fetch API request (route handlers and the proxy both have one). */
export function originFactsOf(req: Request): OriginFacts {
  const h = req.headers;
  return {
    method: req.method,
    origin: h.get("origin"),
    secFetchSite: h.get("sec-fetch-site"),
    host: h.get("host"),
    forwardedHost: h.get("x-forwarded-host"),
    forwardedProto: h.get("x-forwarded-proto"),
    urlProtocol: new URL(req.url).protocol,
  };
}
