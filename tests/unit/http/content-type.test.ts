import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { assertBodylessOrJson, assertJsonOrNoContentType, isJsonContentType } from "@/lib/http/content-type";

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isAppError(e) ? e.code : "not an AppError";
  }
}

describe("JSON content type", () => {
  it.each([
    "application/json",
    "Application/JSON",
    "application/json; charset=utf-8",
    "application/json;charset=UTF-8",
    'application/json; charset="utf-8"',
    "  application/json  ",
  ])("accepts %j", (value) => {
    expect(isJsonContentType(value)).toBe(true);
    expect(codeOf(() => assertJsonOrNoContentType(value))).toBeNull();
  });

  it.each([
    "text/plain",
    "text/plain;charset=UTF-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json; charset=iso-8859-1",
    "application/json-patch+json",
    "application/jsonx",
    "application/json; foo=bar",
    "",
  ])("refuses %j with a 415", (value) => {
    expect(isJsonContentType(value)).toBe(false);
    expect(codeOf(() => assertJsonOrNoContentType(value))).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("lets a request without a Content-Type through when its body is empty", () => {
    expect(codeOf(() => assertJsonOrNoContentType(null))).toBeNull();
    expect(codeOf(() => assertBodylessOrJson(null, 0))).toBeNull();
  });

  it("refuses a body sent without any Content-Type", () => {
    expect(codeOf(() => assertBodylessOrJson(null, 2))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(codeOf(() => assertBodylessOrJson("application/json", 2))).toBeNull();
  });
});
