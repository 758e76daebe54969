/**
 * The client's address for the per-address limits. A route handler never sees the socket: Next's
 * server writes the socket address into X-Forwarded-For only when the request has none, and keeps
 * a client-sent one as it is. So the address is read from the header a proxy we trust controls:
 * - x-forwarded-for (default): the CLIENT_ADDRESS_HOPS-th entry from the right. Proxies append the
 *   peer they saw, so the entries on the left are whatever the client wrote; the first hop is only
 *   right when the edge overwrites the header (Vercel does, and then there is one entry).
 * - x-real-ip: a proxy of ours sets it to the peer address.
 * Served by `next start` with no proxy in front, a client can choose its own address bucket by
 * sending the header; the per-account limit still holds. Documented in .env.example.
 */
import { isIPv4, isIPv6 } from "node:net";
import { getConfig, type AppConfig } from "@/lib/env";

const UNKNOWN = "unknown";

export function clientAddressFrom(headers: Pick<Headers, "get">, options: AppConfig["clientAddress"]): string {
  const raw =
    options.header === "x-real-ip"
      ? headers.get("x-real-ip")
      : pickForwardedFor(headers.get("x-forwarded-for"), options.hops);
  return raw ? normalizeAddress(raw) : UNKNOWN;
}

/** The address per the deployment's config (CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_HOPS). */
export function clientAddressOf(headers: Pick<Headers, "get">): string {
  return clientAddressFrom(headers, getConfig().clientAddress);
}

function pickForwardedFor(header: string | null, hops: number): string | null {
  const entries = (header ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  // Fewer entries than hops: the request skipped an outer proxy; the leftmost is the peer the first one saw.
  return entries[Math.max(0, entries.length - hops)]!;
}

/**
 * One bucket per IPv4 address and per IPv6 /64 (one subscriber usually holds a whole /64, so
 * counting single v6 addresses would give an attacker 2^64 buckets). Anything else is kept as
 * written, cut short: it is hashed before storage either way.
 */
export function normalizeAddress(value: string): string {
  let v = value.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(":"));
  v = v.replace(/%.*$/, ""); // IPv6 zone id
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(v)) return v;
  if (isIPv6(v)) return `${ipv6Groups(v).slice(0, 4).join(":")}::/64`;
  return `other:${v.slice(0, 100)}`;
}

function ipv6Groups(v: string): string[] {
  const [head = "", tail = ""] = v.split("::");
  const part = (s: string) => (s ? s.split(":") : []);
  // An embedded IPv4 tail (::ffff:0:1.2.3.4) fills two groups; it lies beyond the /64, so zeros will do.
  const groups = (s: string) => part(s).flatMap((g) => (g.includes(".") ? ["0", "0"] : [g]));
  const left = groups(head);
  const right = groups(tail);
  const middle = v.includes("::") ? Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0") : [];
  return [...left, ...middle, ...right].map((g) => g.replace(/^0+(?=.)/, ""));
}
