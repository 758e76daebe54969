/**
 * Runs before every page (not /api: routes read their own bodies and headers, and the proxy
 * would make Next read each request body in full before the route sees it). It refuses
 * cross-site writes to pages, server actions included, and gives each page a nonce CSP.
 */
import { clerkMiddleware } from "@clerk/nextjs/server";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextFetchEvent, type NextMiddleware, type NextRequest } from "next/server";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/csrf";
import { errorResponse } from "@/lib/http/errors";
import { schemaGateResponse } from "@/lib/health/schema-gate-response";
import { hasMalformedPercentEncoding } from "@/lib/http/malformed-url";
import {
  API_CSP,
  clerkExtraDirectives,
  createNonce,
  pageCspDirectives,
  serializeCsp,
  servedOverHttps,
} from "@/lib/http/security-headers";

let clerk: NextMiddleware | null = null;

/**
 * Clerk's middleware, built on first use from our config. The publishable key is passed because
 * Next inlines NEXT_PUBLIC_* variables that were set at build time: the running config must win.
 * CLERK_JWT_KEY, when set, lets Clerk verify session tokens here without calling Clerk. The
 * secret key is not passed: Clerk reads CLERK_SECRET_KEY itself, and passing it as an option
 * would demand a CLERK_ENCRYPTION_KEY. Clerk answers 500 on every request it covers when its keys
 * are missing, so it is mounted only in Clerk mode; local accounts are checked where the data is
 * read (pages and API routes).
 */
function clerkProxy(auth: { publishableKey: string; jwtKey: string | null }): NextMiddleware {
  clerk ??= clerkMiddleware(
    async () => undefined,
    (req) => ({
      publishableKey: auth.publishableKey,
      ...(auth.jwtKey ? { jwtKey: auth.jwtKey } : {}),
      contentSecurityPolicy: { strict: true, directives: clerkExtraDirectives(servedOverHttps(req)) },
    }),
  );
  return clerk;
}

function withNonceCsp(req: NextRequest, dev: boolean): NextResponse {
  const nonce = createNonce();
  const csp = serializeCsp(pageCspDirectives({ nonce, dev, https: servedOverHttps(req) }));
  // Next reads the nonce from the request's CSP header and puts it on its own scripts and styles.
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  return res;
}

export default async function proxy(req: NextRequest, event: NextFetchEvent) {
  const requestId = randomUUID();
  if (hasMalformedPercentEncoding(req.nextUrl.pathname)) {
    const error = new AppError("BAD_REQUEST", "The address is not valid: it has a broken %-escape.");
    return errorResponse(error, requestId);
  }
  // An API path reaches the proxy only to be checked for a broken %-escape (see the matcher).
  if (req.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  try {
    // A server action from another origin would otherwise reach Next's own check and end as a 500.
    assertSameOrigin(req, requestId);
  } catch (e) {
    const res = errorResponse(e, requestId);
    res.headers.set("content-security-policy", API_CSP);
    res.headers.set("cache-control", "no-store");
    return res;
  }
  const behind = await schemaGateResponse();
  if (behind) {
    behind.headers.set("content-security-policy", API_CSP);
    return behind;
  }
  const config = getConfig();
  if (config.auth.mode === "clerk") return clerkProxy(config.auth)(req, event);
  return withNonceCsp(req, !config.isProduction);
}

export const config = {
  // Not /api: Next would read every API request body in full before the route's own byte limit.
  // The exception is an API path holding a %-escape, which Next's router would turn into a bare
  // 500 when the escape is broken; such requests are refused here before any body is read.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)", "/api/:path(.*%.*)"],
};
