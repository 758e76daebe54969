/**
 * JSON.parse that keeps every number's source text. Node 20 has no reviver source access, so the
 * number tokens are lifted out of the text before JSON.parse (which still validates everything)
 * and put back as JsonNumberText. Needed where a provider sends money as long float literals.
 */
import { randomBytes } from "node:crypto";

export class JsonNumberText {
  constructor(readonly text: string) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Like JSON.parse (throws SyntaxError on bad JSON), but numbers become JsonNumberText. */
export function parseJsonKeepingNumbers(text: string): unknown {
  // A random marker per call: no string a provider sends can be mistaken for a lifted number.
  const marker = `\u0001num${randomBytes(9).toString("hex")}:`;
  const numbers: string[] = [];
  let out = "";
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c /* \ */ ? 2 : 1;
      i++;
      continue;
    }
    if (ch === 0x2d /* - */ || (ch >= 0x30 && ch <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      // Not a number token: leave it for JSON.parse to reject.
      if (!m) {
        i++;
        continue;
      }
      out += text.slice(copied, i) + JSON.stringify(marker + numbers.length);
      numbers.push(m[0]);
      i += m[0].length;
      copied = i;
      continue;
    }
    i++;
  }
  out += text.slice(copied);
  return JSON.parse(out, (_key, value: unknown) =>
    typeof value === "string" && value.startsWith(marker)
      ? new JsonNumberText(numbers[Number(value.slice(marker.length))]!)
      : value,
  );
}
