/**
 * The one check for "where to go after signing in". Only a path on our own origin comes back;
 * anything else (another host, `//host`, `/\host`, tabs or newlines the URL parser drops, a
 * `javascript:` URL, a path that normalizes to `//host`) becomes the fallback. Pure: the sign-in
 * form runs it in the browser, the server runs it before redirecting to sign-in.
 */
export const DEFAULT_AFTER_SIGN_IN = "/analytics";

// Control characters and backslashes never appear in a path we generate; browsers reinterpret them.
const SUSPICIOUS = /[\u0000-\u001f\u007f\\]/;

function sameOriginPath(candidate: string, origin: string): string | null {
  if (!candidate.startsWith("/") || candidate.startsWith("//") || SUSPICIOUS.test(candidate)) return null;
  let url: URL;
  try {
    url = new URL(candidate, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function safeNextPath(
  next: string | null | undefined,
  origin: string,
  fallback: string = DEFAULT_AFTER_SIGN_IN,
): string {
  if (!next) return fallback;
  let base: string;
  try {
    base = new URL(origin).origin;
  } catch {
    return fallback;
  }
  const path = sameOriginPath(next, base);
  // The normalized path is checked again: "/.//evil.example" normalizes to "//evil.example".
  return path !== null && sameOriginPath(path, base) === path ? path : fallback;
}
