import { redactString } from "@/lib/logger";
import { ProviderError } from "@/lib/providers/types";

const MAX_CURSOR_LENGTH = 2048;

/**
 * Turns a response's `next_page` into the cursor to send back as `?page=`. The cursor is opaque,
 * but if it ever arrives as a URL we must not let the response steer where our key is sent: only a
 * URL on the same origin and under `scopeUrl`'s path is accepted, and only its `page` value is used.
 * Shared by every provider whose usage API pages with `page`/`next_page` (OpenAI, Anthropic).
 */
export function sanitizeNextPageCursor(nextPage: unknown, scopeUrl: string, providerName: string): string {
  const unsafe = (why: string) => unsafeNextPage(providerName, why);
  if (typeof nextPage !== "string" || nextPage === "") {
    throw new ProviderError(
      "MALFORMED_RESPONSE",
      `${providerName} returned a next_page that is not a non-empty string.`,
    );
  }
  checkCharacters(nextPage, unsafe);
  if (!looksLikeUrl(nextPage)) {
    checkOpaque(nextPage, unsafe);
    return nextPage;
  }

  const base = new URL(scopeUrl);
  let url: URL;
  try {
    url = new URL(nextPage, base);
  } catch {
    throw unsafe("it is not a valid URL");
  }
  if (url.origin !== base.origin) throw unsafe(`it points to another site (${url.protocol}//${url.host})`);
  if (url.username || url.password) throw unsafe("it carries a user name or password");
  const prefix = base.pathname.replace(/\/+$/, "");
  if (!(url.pathname === prefix || url.pathname.startsWith(prefix + "/"))) {
    throw unsafe(`its path is outside ${prefix || "/"}`);
  }
  const pages = url.searchParams.getAll("page");
  if (pages.length !== 1 || pages[0] === "") throw unsafe("it has no single page cursor");
  const cursor = pages[0];
  if (looksLikeUrl(cursor)) throw unsafe("its page cursor is itself a URL");
  checkOpaque(cursor, unsafe);
  return cursor;
}

function looksLikeUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith("/") || value.includes("://");
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

type Unsafe = (why: string) => ProviderError;

/** Real cursors are short base64-ish tokens; an encoded URL, whitespace, control characters or backslashes mean tampering. */
function checkOpaque(cursor: string, unsafe: Unsafe): void {
  const decoded = safeDecode(cursor);
  if (looksLikeUrl(decoded)) throw unsafe("it is a percent-encoded URL");
  checkCharacters(cursor, unsafe);
  checkCharacters(decoded, unsafe);
}

function checkCharacters(value: string, unsafe: Unsafe): void {
  if (value.length > MAX_CURSOR_LENGTH) throw unsafe(`it is longer than ${MAX_CURSOR_LENGTH} characters`);

  if (/[\s\u0000-\u001f\u007f\\]/.test(value)) throw unsafe("it contains spaces, control characters or backslashes");
}

function unsafeNextPage(providerName: string, why: string): ProviderError {
  return new ProviderError(
    "UNSAFE_NEXT_PAGE",
    redactString(`${providerName} returned a next_page link that was not followed: ${why}.`),
  );
}
