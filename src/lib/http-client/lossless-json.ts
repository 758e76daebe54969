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
  const quotedMarker = JSON.stringify(marker).slice(0, -1);
  const numbers: string[] = [];
  let out = "";
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      // To the closing quote: one not preceded by an odd run of backslashes.
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && escapedQuote(text, end)) end = text.indexOf('"', end + 1);
      i = end === -1 ? text.length : end + 1;
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
      out += `${text.slice(copied, i)}${quotedMarker}${numbers.length}"`;
      numbers.push(m[0]);
      i += m[0].length;
      copied = i;
      continue;
    }
    i++;
  }
  out += text.slice(copied);
  // A walk instead of a JSON.parse reviver: the reviver visits every value through the engine's slow path.
  return restore(JSON.parse(out), marker, numbers);
}

function escapedQuote(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let j = quote - 1; text.charCodeAt(j) === 0x5c; j--) backslashes++;
  return backslashes % 2 === 1;
}

function restore(value: unknown, marker: string, numbers: readonly string[]): unknown {
  if (typeof value === "string") {
    return value.startsWith(marker) ? new JsonNumberText(numbers[Number(value.slice(marker.length))]!) : value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i], marker, numbers);
  } else if (value !== null && typeof value === "object") {
    // Own keys only, assigned in place (a "__proto__" key from JSON is an own data property).
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = restore(record[key], marker, numbers);
  }
  return value;
}
