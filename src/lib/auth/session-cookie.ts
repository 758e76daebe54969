/**
 * The session cookie's exact shape: `<token>.<signature>`, both unpadded base64url of 32 bytes
 * (a random token and an HMAC-SHA256), so 43 characters each. Anything else, such as an extra
 * segment, padding or a different length, is not a cookie we issued and is refused before any
 * signature check or database lookup.
 */
const PART = "[A-Za-z0-9_-]{43}";
const SESSION_COOKIE_SHAPE = new RegExp(`^(${PART})\\.(${PART})$`);

export interface SessionCookieParts {
  token: string;
  signature: string;
}

export function parseSessionCookie(value: string | null | undefined): SessionCookieParts | null {
  if (!value) return null;
  const match = SESSION_COOKIE_SHAPE.exec(value);
  return match ? { token: match[1]!, signature: match[2]! } : null;
}

export const formatSessionCookie = ({ token, signature }: SessionCookieParts) => `${token}.${signature}`;
