/** Turns a contract table entry plus a sample into the raw request the tests send. */
import { percentEncode } from "./fuzz/hostile";
import { sameOriginHeaders, type ProbeRequest } from "./http-probe";
import { fillPath, type RouteContract, type SampleRequest } from "./route-contract";

export interface Caller {
  /** `ct_session=...`, or undefined for an anonymous caller. */
  cookie?: string;
  /** Replaces the same-origin headers (a foreign Origin, say). */
  headers?: Record<string, string>;
}

export function queryString(query: Record<string, string> | undefined): string {
  if (!query || Object.keys(query).length === 0) return "";
  return `?${Object.entries(query)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join("&")}`;
}

export function contractRequest(
  appUrl: string,
  route: RouteContract,
  sample: SampleRequest,
  ownKeyId: string,
  caller: Caller,
): ProbeRequest {
  const body = sample.raw ?? (sample.body === undefined ? undefined : JSON.stringify(sample.body));
  return {
    method: route.method,
    path: fillPath(route.path, sample.id ?? ownKeyId) + queryString(sample.query),
    headers: {
      ...sameOriginHeaders(appUrl, caller.cookie),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...caller.headers,
    },
    body,
  };
}
