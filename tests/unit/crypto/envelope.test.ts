import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionError, maskSecret, open, seal, type KeyRing } from "@/lib/crypto/envelope";
import { safeEqual } from "@/lib/crypto/compare";

const v1 = { version: 1, key: randomBytes(32) };
const v2 = { version: 2, key: randomBytes(32) };
const ring: KeyRing = { current: v1, previous: [] };
const SECRET = "sk-admin-TESTONLY-not-a-real-key-1234";

describe("AES-256-GCM envelope", () => {
  it("round-trips and records the key version", () => {
    const sealed = seal(SECRET, ring);
    expect(sealed.keyVersion).toBe(1);
    expect(sealed.ciphertext).not.toContain("TESTONLY");
    expect(Buffer.from(sealed.iv, "base64")).toHaveLength(12);
    expect(open(sealed, ring)).toBe(SECRET);
  });

  it("fails on tampered ciphertext, IV or tag", () => {
    const sealed = seal(SECRET, ring);
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, "base64");
      buf[0] = buf[0]! ^ 0x01;
      return buf.toString("base64");
    };
    expect(() => open({ ...sealed, ciphertext: flip(sealed.ciphertext) }, ring)).toThrow(DecryptionError);
    expect(() => open({ ...sealed, iv: flip(sealed.iv) }, ring)).toThrow(DecryptionError);
    expect(() => open({ ...sealed, authTag: flip(sealed.authTag) }, ring)).toThrow(DecryptionError);
  });

  it("fails with the wrong key, and the error does not contain the plaintext", () => {
    const sealed = seal(SECRET, ring);
    const wrong: KeyRing = { current: { version: 1, key: randomBytes(32) }, previous: [] };
    let message = "";
    try {
      open(sealed, wrong);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/could not be decrypted/);
    expect(message).not.toContain(SECRET);
  });

  it("decrypts rows sealed under an older key after rotation", () => {
    const old = seal(SECRET, ring);
    const rotated: KeyRing = { current: v2, previous: [v1] };
    expect(open(old, rotated)).toBe(SECRET);
    expect(seal(SECRET, rotated).keyVersion).toBe(2);
    expect(() => open(old, { current: v2, previous: [] })).toThrow(/key version 1/);
  });

  it("never repeats an IV", () => {
    const ivs = new Set(Array.from({ length: 5000 }, () => seal("x", ring).iv));
    expect(ivs.size).toBe(5000);
  });

  it("masks keys to prefix and last four", () => {
    expect(maskSecret("sk-admin-abcdefghijklmnopqrstuv1234")).toBe("sk-admin-...1234");
    expect(maskSecret("sk-proj-abcdefghijklmnopqrstuv9876")).toBe("sk-proj-...9876");
    expect(maskSecret("sk-abcdefghijklmnopqrstuv5555")).toBe("sk-...5555");
  });

  it("compares secrets in constant time, including different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });
});
