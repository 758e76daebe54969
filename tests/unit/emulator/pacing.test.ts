import { describe, expect, it } from "vitest";
import { CredentialPacer } from "../../../scripts/emulator/pacing";

describe("emulator per-credential pacing", () => {
  it("answers a key over its rate with the seconds to wait, per key, and counts every request", () => {
    let t = 0;
    const pacer = new CredentialPacer({ requestsPerMinute: 60, burst: 2 }, () => t);
    expect([pacer.admit("a"), pacer.admit("a"), pacer.admit("a")]).toEqual([null, null, 1]);
    expect(pacer.admit("b")).toBeNull(); // another key has its own bucket
    t += 1000;
    expect(pacer.admit("a")).toBeNull();
    expect(pacer.admit("a")).toBe(1);
    expect(pacer.requests.get("a")).toBe(5);
    expect(pacer.limited.get("a")).toBe(2);
    expect(pacer.limited.get("b")).toBeUndefined();
  });

  it("waits as long as one token takes to come back at slow rates", () => {
    let t = 0;
    const pacer = new CredentialPacer({ requestsPerMinute: 6 }, () => t);
    expect(pacer.admit("k")).toBeNull();
    t += 4000;
    expect(pacer.admit("k")).toBe(6);
  });

  it("only counts when pacing is off", () => {
    const pacer = new CredentialPacer(null);
    for (let i = 0; i < 100; i++) expect(pacer.admit("k")).toBeNull();
    expect(pacer.requests.get("k")).toBe(100);
    expect(pacer.limited.size).toBe(0);
  });
});
