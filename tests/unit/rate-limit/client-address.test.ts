import { describe, expect, it } from "vitest";
import { clientAddressFrom, normalizeAddress } from "@/lib/rate-limit/client-address";

const from = (headers: Record<string, string>, header: "x-forwarded-for" | "x-real-ip" = "x-forwarded-for", hops = 1) =>
  clientAddressFrom(new Headers(headers), { header, hops });

describe("client address for the per-address limits", () => {
  it.each([
    // Vercel overwrites the header: one entry. `next start` alone writes the socket address there.
    [{ "x-forwarded-for": "198.51.100.7" }, 1, "198.51.100.7"],
    // A proxy appends the peer it saw; whatever the client wrote stays on the left.
    [{ "x-forwarded-for": "6.6.6.6, 198.51.100.7" }, 1, "198.51.100.7"],
    [{ "x-forwarded-for": "6.6.6.6,198.51.100.7 , 10.0.0.2" }, 2, "198.51.100.7"],
    // Fewer entries than hops: the request skipped the outer proxy; the leftmost is the peer the inner one saw.
    [{ "x-forwarded-for": "198.51.100.7" }, 2, "198.51.100.7"],
    [{ "x-forwarded-for": " , " }, 1, "unknown"],
    [{}, 1, "unknown"],
  ])("x-forwarded-for %j with %i hop(s) is %s", (headers, hops, expected) => {
    expect(from(headers, "x-forwarded-for", hops)).toBe(expected);
  });

  it("reads x-real-ip when told to, and ignores a forged x-forwarded-for then", () => {
    expect(from({ "x-real-ip": "198.51.100.9", "x-forwarded-for": "6.6.6.6" }, "x-real-ip")).toBe("198.51.100.9");
    expect(from({ "x-forwarded-for": "6.6.6.6" }, "x-real-ip")).toBe("unknown");
  });

  it.each([
    ["198.51.100.7:51234", "198.51.100.7"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["[2001:db8:1:2::5]:443", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2:ffff::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["not-an-address", "other:not-an-address"],
    ["x".repeat(500), `other:${"x".repeat(100)}`],
  ])("normalizes %s to %s", (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });

  it("puts two addresses of one IPv6 /64 in the same bucket and another /64 in its own", () => {
    expect(normalizeAddress("2001:db8:1:2::a")).toBe(normalizeAddress("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    expect(normalizeAddress("2001:db8:1:3::a")).not.toBe(normalizeAddress("2001:db8:1:2::a"));
  });
});
