import { describe, expect, it } from "vitest";
import { maskSecret } from "@/lib/crypto/envelope";
import { PLAINTEXT_KEY_PATTERNS } from "../../e2e/db-scan";

const hits = (text: string) => PLAINTEXT_KEY_PATTERNS.filter(({ pattern }) => text.match(pattern)).map((p) => p.what);

describe("the database scan's plaintext key patterns", () => {
  it.each(["sk-ant-admin01-emu-424242-1", "sk-ant-admin-Abc123xyz789", "sk-admin-emu-424242-1"])(
    "find %s in clear, also inside JSON",
    (key) => {
      expect(hits(key)).toHaveLength(1);
      expect(hits(JSON.stringify({ note: `pasted ${key} here` }))).toHaveLength(1);
    },
  );

  it.each(["sk-ant-admin01-emu-424242-1", "sk-admin-emu-424242-1"])("leave the masked form of %s alone", (key) => {
    const masked = maskSecret(key);
    expect(masked).not.toBe(key);
    expect(hits(masked)).toEqual([]);
  });
});
