/**
 * Looks through server output for secrets: the exact values the suite used (provider keys,
 * stored ciphertext, IVs and auth tags, the encryption key, the cron secret) and anything shaped
 * like one (provider keys, bearer values, session and API tokens, AES-GCM tags, SQL parameters).
 * Findings never repeat the secret: the excerpt shows where it was, not what it was.
 */

export interface Finding {
  file: string;
  line: number;
  what: string;
  excerpt: string;
}

export interface KnownSecret {
  what: string;
  value: string;
}

export const SECRET_PATTERNS: { what: string; pattern: RegExp }[] = [
  { what: "a provider key (sk-...)", pattern: /\bsk-[A-Za-z0-9_-]{8,}/g },
  { what: "a bearer value", pattern: /\bBearer\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/gi },
  { what: "an API token (ct_...)", pattern: /\bct_(?!session\b)[A-Za-z0-9_-]{16,}/g },
  { what: "a session cookie value", pattern: /\bct_session=(?!;)[^;\s"',}]{8,}/g },
  // 16 bytes in base64: the shape of an AES-GCM auth tag.
  { what: "an auth-tag-shaped base64 value", pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{22}==(?![A-Za-z0-9+/=])/g },
  // Drizzle's failed-query message lists every bound parameter: ciphertext, IV and tag included.
  { what: "SQL query parameters", pattern: /\bparams:\s*\S/g },
];

/** Values shorter than this are too likely to occur by chance to search for literally. */
const MIN_LITERAL = 8;

function excerpt(line: string, start: number, end: number): string {
  const from = Math.max(0, start - 60);
  const to = Math.min(line.length, end + 40);
  return `${from > 0 ? "…" : ""}${line.slice(from, start)}<secret>${line.slice(end, to)}${to < line.length ? "…" : ""}`;
}

export function findSecrets(file: string, text: string, known: KnownSecret[]): Finding[] {
  const literals = known.filter((k) => k.value.length >= MIN_LITERAL);
  const findings: Finding[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const { what, value } of literals) {
      const at = line.indexOf(value);
      if (at >= 0) findings.push({ file, line: i + 1, what, excerpt: excerpt(line, at, at + value.length) });
    }
    for (const { what, pattern } of SECRET_PATTERNS) {
      for (const m of line.matchAll(pattern)) {
        findings.push({ file, line: i + 1, what, excerpt: excerpt(line, m.index, m.index + m[0].length) });
      }
    }
  });
  // The excerpt around one finding may still hold another secret: mask every known value there too.
  return findings.map((f) => ({
    ...f,
    excerpt: literals.reduce((text, k) => text.split(k.value).join("<secret>"), f.excerpt),
  }));
}

export function formatFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}: ${f.what}\n    ${f.excerpt}`).join("\n");
}
