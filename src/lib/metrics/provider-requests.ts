/**
 * Counts every HTTP attempt a provider client makes, by templated endpoint and status class. The
 * clients wrap their fetch with countedFetch (one line each), so retries and the Anthropic SDK's
 * list calls are counted too.
 */
import { metrics } from "./registry";

const ID_PREFIX = /^(proj|user|key|svc|svcacct|sa|org|wrkspc|apikey|cert|invite|ws)[_-]/i;
/** Bounds the label set even if a provider invents a path shape we do not template. */
const MAX_ENDPOINTS = 64;
const seenEndpoints = new Set<string>();

/**
 * The path with ids replaced by `:id`: a segment is an id unless it is a plain lower-case word
 * (`usage`, `api_keys`) that does not start with a provider id prefix (`proj_`, `wrkspc_`), or
 * an API version (`v1`).
 */
export function templateEndpoint(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return "unknown";
  }
  const segments = pathname
    .split("/")
    .filter(Boolean)
    .map((s) => ((/^[a-z][a-z_]*$/.test(s) && !ID_PREFIX.test(s)) || /^v\d+$/.test(s) ? s : ":id"));
  const endpoint = `/${segments.join("/")}`;
  if (seenEndpoints.has(endpoint)) return endpoint;
  if (seenEndpoints.size >= MAX_ENDPOINTS) return "other";
  seenEndpoints.add(endpoint);
  return endpoint;
}

export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "error";
}

function urlOf(input: string | URL | Request): string {
  return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
}

/** `fetch` that counts each call under `provider`; a call that throws (network, timeout) is "error". */
export function countedFetch(provider: string, inner?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const endpoint = templateEndpoint(urlOf(input));
    const count = (status_class: string) => metrics().providerRequests.inc({ provider, endpoint, status_class });
    try {
      // The global fetch is looked up per call: test doubles may replace it after the client exists.
      const res = await (inner ?? globalThis.fetch)(input, init);
      count(statusClass(res.status));
      return res;
    } catch (e) {
      count("error");
      throw e;
    }
  };
}
