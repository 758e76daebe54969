import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatSessionCookie, parseSessionCookie } from "@/lib/auth/session-cookie";

const token = randomBytes(32).toString("base64url");
const signature = randomBytes(32).toString("base64url");
const good = `${token}.${signature}`;

describe("session cookie parsing is strict", () => {
  it("accepts exactly <token>.<signature> as issued", () => {
    expect(parseSessionCookie(good)).toEqual({ token, signature });
    expect(parseSessionCookie(formatSessionCookie({ token, signature }))).toEqual({ token, signature });
  });

  it.each([
    ["an extra segment", `${good}.extra`],
    ["an empty extra segment", `${good}.`],
    ["a missing signature", `${token}.`],
    ["no dot", token + signature],
    ["the token alone", token],
    ["a leading dot", `.${good}`],
    ["a short token", `${token.slice(1)}.${signature}`],
    ["a long signature", `${token}.${signature}A`],
    ["base64 padding", `${token}=.${signature}`],
    ["standard base64 characters", `${token.slice(0, 42)}+.${signature}`],
    ["a space", `${token.slice(0, 42)} .${signature}`],
    ["a trailing newline", `${good}\n`],
    ["a NUL", `${token.slice(0, 42)}\u0000.${signature}`],
    ["an empty value", ""],
    ["undefined", undefined],
  ])("refuses %s", (_why, value) => {
    expect(parseSessionCookie(value)).toBeNull();
  });
});
