/**
 * The security headers of every response, in one place. Static headers are attached by
 * next.config.ts to every path (pages, API, assets, 404s); pages also get a per-request nonce CSP
 * from src/proxy.ts. Kept free of server-only imports so next.config.ts can load it.
 *
 * style-src, decided: Next's own inline <style> tags carry the nonce, but React renders `style`
 * props (recharts' SVG layout, a few of our elements) as style attributes, which a nonce cannot
 * cover. So style *elements* need the nonce and style *attributes* are allowed
 * (`style-src-attr 'unsafe-inline'`): an injected attribute can restyle one element but cannot
 * load anything or read the page. Clerk injects <style> elements at run time without a nonce, so
 * in Clerk mode style-src carries 'unsafe-inline' as Clerk's CSP guidance requires.
 */

export interface PageCspOptions {
  nonce: string;
  /** `next dev`: React needs eval for its debugging stacks, and dev styles are injected unnonced. */
  dev: boolean;
  /** Served over https: upgrade any stray http subresource. */
  https: boolean;
}

export type CspDirectives = Record<string, string[]>;

/** The directives every page gets, whatever the sign-in mode. */
export function basePageDirectives(): CspDirectives {
  return {
    "default-src": ["'self'"],
    "img-src": ["'self'", "blob:", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
}

export function pageCspDirectives({ nonce, dev, https }: PageCspOptions): CspDirectives {
  return {
    ...basePageDirectives(),
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": dev ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
    "style-src-attr": ["'unsafe-inline'"],
    ...(https ? { "upgrade-insecure-requests": [] } : {}),
  };
}

/**
 * Clerk mode: clerkMiddleware builds the CSP (its strict mode: nonce + 'strict-dynamic', plus the
 * hosts Clerk loads from and style-src 'unsafe-inline' for its CSS-in-JS); these are merged in.
 */
export function clerkExtraDirectives(https: boolean): CspDirectives {
  return { ...basePageDirectives(), ...(https ? { "upgrade-insecure-requests": [] } : {}) };
}

export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

/** JSON and CSV never render as a document: nothing may load and nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const HSTS = "max-age=63072000; includeSubDomains";

/** Headers that do not depend on the request, for every response. */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
  },
];

/** A 128-bit random nonce, base64 (the characters Next's nonce parser accepts). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** True when the request reached us over https (directly or through a TLS-terminating proxy). */
export function servedOverHttps(req: Request): boolean {
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded ? forwarded === "https" : new URL(req.url).protocol === "https:";
}
