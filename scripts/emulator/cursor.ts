// The opaque `next_page` cursor: "page_" + base64 of 20 bytes, like OpenAI's
// ("page_AAAAAGdGxdEiJdKOAAAAAGcqsYA="). Layout: checksum u32 | query fingerprint u32 |
// next bucket start u64 | result offset within that bucket u32. The checksum makes any edit
// detectable; the fingerprint ties the cursor to the query (endpoint, filters, group_by, end_time).

import { hashInts, hashString } from "./prng";

const PREFIX = "page_";
const SECRET = hashString("cognitrack-emulator-cursor-v1");

export interface CursorPosition {
  bucketStart: number;
  offset: number;
}

export function queryFingerprint(parts: unknown[]): number {
  return hashString(JSON.stringify(parts));
}

export function encodeCursor(position: CursorPosition, fingerprint: number): string {
  const hi = Math.floor(position.bucketStart / 0x100000000);
  const lo = position.bucketStart >>> 0;
  const buf = Buffer.alloc(20);
  buf.writeUInt32BE(hashInts(SECRET, fingerprint, hi, lo, position.offset), 0);
  buf.writeUInt32BE(fingerprint >>> 0, 4);
  buf.writeUInt32BE(hi, 8);
  buf.writeUInt32BE(lo, 12);
  buf.writeUInt32BE(position.offset, 16);
  return PREFIX + buf.toString("base64");
}

export type DecodedCursor = { ok: true; position: CursorPosition } | { ok: false; reason: string };

export function decodeCursor(cursor: string, fingerprint: number): DecodedCursor {
  if (!cursor.startsWith(PREFIX)) return { ok: false, reason: "malformed" };
  const body = cursor.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]{27}=$/.test(body)) return { ok: false, reason: "malformed" };
  const buf = Buffer.from(body, "base64");
  if (buf.length !== 20) return { ok: false, reason: "malformed" };
  const checksum = buf.readUInt32BE(0);
  const fp = buf.readUInt32BE(4);
  const hi = buf.readUInt32BE(8);
  const lo = buf.readUInt32BE(12);
  const offset = buf.readUInt32BE(16);
  if (checksum !== hashInts(SECRET, fp, hi, lo, offset)) return { ok: false, reason: "tampered" };
  if (fp !== fingerprint >>> 0) return { ok: false, reason: "issued for a different query" };
  return { ok: true, position: { bucketStart: hi * 0x100000000 + lo, offset } };
}
