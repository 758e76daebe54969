/**
 * Where a webhook may go. A webhook URL is typed by a customer and fetched by our server, so it
 * must not become a way into our own network: every address the name resolves to is checked, the
 * request then connects to that checked address (no second lookup, so DNS rebinding cannot swap
 * it), and redirects are never followed (see http-post.ts).
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "unique-local"
  | "cgnat"
  | "multicast"
  | "unspecified"
  | "reserved";

export interface UrlPolicy {
  /** Production: https only (loopback excepted when allowLoopback). */
  httpsOnly: boolean;
  /** WEBHOOK_ALLOW_PRIVATE=true: loopback addresses are accepted (tests, the demo). */
  allowLoopback: boolean;
}

export const HTTPS_REQUIRED = "Webhook URLs must use https";
export const PRIVATE_ADDRESS = "That address is on a private network";

type V4Range = [number, number, AddressClass];

function v4(cidr: string, cls: AddressClass): V4Range {
  const [base, bits] = cidr.split("/") as [string, string];
  return [v4ToInt(base), Number(bits), cls];
}

function v4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

const V4_RANGES: V4Range[] = [
  v4("0.0.0.0/8", "unspecified"),
  v4("10.0.0.0/8", "private"),
  v4("100.64.0.0/10", "cgnat"),
  v4("127.0.0.0/8", "loopback"),
  v4("169.254.0.0/16", "link-local"),
  v4("172.16.0.0/12", "private"),
  v4("192.0.0.0/24", "reserved"),
  v4("192.0.2.0/24", "reserved"),
  v4("192.88.99.0/24", "reserved"),
  v4("192.168.0.0/16", "private"),
  v4("198.18.0.0/15", "reserved"),
  v4("198.51.100.0/24", "reserved"),
  v4("203.0.113.0/24", "reserved"),
  v4("224.0.0.0/4", "multicast"),
  v4("240.0.0.0/4", "reserved"),
];

function classifyV4(ip: string): AddressClass {
  const n = v4ToInt(ip);
  for (const [base, bits, cls] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    if (n >= base && n < base + size) return cls;
  }
  return "public";
}

/** Eight 16-bit groups of an IPv6 address (with any dotted IPv4 tail turned into two groups). */
function v6Groups(ip: string): number[] {
  let s = ip.toLowerCase();
  const dotted = s.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const n = v4ToInt(dotted[1]!);
    s = `${s.slice(0, -dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes("::") ? (s.split("::") as [string, string]) : [s, null];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === null ? [] : Array<string>(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

const embeddedV4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

function classifyV6(ip: string): AddressClass {
  const g = v6Groups(ip);
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return "unspecified";
  if (zeroUpTo(7) && g[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyV4(embeddedV4(g[6]!, g[7]!));
  if (zeroUpTo(6)) return classifyV4(embeddedV4(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return classifyV4(embeddedV4(g[6]!, g[7]!));
  // 6to4 (2002:AABB:CCDD::/16) embeds the IPv4 address in groups 1-2.
  if (g[0] === 0x2002) return classifyV4(embeddedV4(g[1]!, g[2]!));
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return "unique-local";
  if ((first & 0xffc0) === 0xfe80) return "link-local";
  if ((first & 0xffc0) === 0xfec0) return "private"; // deprecated site-local
  if ((first & 0xff00) === 0xff00) return "multicast";
  if (first === 0x2001 && g[1] === 0x0db8) return "reserved"; // documentation
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return "reserved"; // discard-only
  return "public";
}

/** What kind of address an IP literal is; anything not an IP is "reserved" (refused). */
export function classifyAddress(address: string): AddressClass {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(ip);
  if (family === 4) return classifyV4(ip);
  if (family === 6) return classifyV6(ip);
  return "reserved";
}

export function addressAllowed(address: string, policy: Pick<UrlPolicy, "allowLoopback">): boolean {
  const cls = classifyAddress(address);
  return cls === "public" || (cls === "loopback" && policy.allowLoopback);
}

const refuse = (message: string) => new AppError("VALIDATION_FAILED", message);

/**
 * The checks that need no DNS: a well-formed http(s) URL without credentials, https in
 * production, and an IP-literal host that is not private. Returns the parsed URL.
 */
export function checkWebhookUrl(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("Enter a full URL, like https://hooks.example.com/cognitrack");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refuse(HTTPS_REQUIRED);
  if (url.username || url.password) throw refuse("Put credentials in the receiver, not in the webhook URL");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host) !== 0;
  const loopbackHost = literal ? classifyAddress(host) === "loopback" : host === "localhost";
  if (url.protocol === "http:" && policy.httpsOnly && !(policy.allowLoopback && loopbackHost))
    throw refuse(HTTPS_REQUIRED);
  if (literal && !addressAllowed(host, policy)) throw refuse(PRIVATE_ADDRESS);
  if (!literal && (host === "localhost" || host.endsWith(".localhost")) && !policy.allowLoopback)
    throw refuse(PRIVATE_ADDRESS);
  return url;
}

export interface ResolvedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The address to connect to. Every address the name resolves to must be allowed: a name that
 * answers with one public and one private address is refused, since we cannot know which one a
 * later resolver would pick.
 */
export async function resolveWebhookTarget(
  raw: string,
  policy: UrlPolicy,
  lookup: Lookup = systemLookup,
): Promise<ResolvedTarget> {
  const url = checkWebhookUrl(raw, policy);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const family = isIP(host);
  if (family !== 0) return { url, address: host, family: family as 4 | 6 };
  let answers: { address: string; family: number }[];
  try {
    answers = await lookup(host);
  } catch {
    throw refuse(`The name ${host} could not be resolved`);
  }
  if (answers.length === 0) throw refuse(`The name ${host} could not be resolved`);
  if (answers.some((a) => !addressAllowed(a.address, policy))) throw refuse(PRIVATE_ADDRESS);
  const first = answers[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

export function urlPolicyFromConfig(): UrlPolicy {
  const config = getConfig();
  return { httpsOnly: config.isProduction, allowLoopback: config.webhooks.allowLoopback };
}
