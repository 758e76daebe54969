// JSON with number tokens written exactly as given: OpenAI's costs API sends amounts like
// 0.00032195744715549047, more digits than a JS number holds, so the emulator must too.

import { randomBytes } from "node:crypto";

/** A JSON number token, written verbatim (must be valid JSON number text). */
export class RawNumber {
  constructor(readonly text: string) {
    if (!/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) throw new Error(`not a JSON number: ${text}`);
  }
}

/** JSON.stringify, except that RawNumber values are written as their text. */
export function stringifyJson(value: unknown): string {
  const marker = `@raw${randomBytes(6).toString("hex")}:`;
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof RawNumber)) return v;
    raws.push(v.text);
    return `${marker}${raws.length - 1}`;
  });
  if (raws.length === 0) return text;
  return text.replace(new RegExp(`"${marker}(\\d+)"`, "g"), (_m, i: string) => raws[Number(i)]!);
}
