/**
 * Runs before every page (not /api: routes read their own bodies and headers, and the proxy
 * would make Next read each request body in full before the route sees it). It refuses
 * cross-site writes to pages, server actions included, and gives each page a nonce CSP.
 */
import { clerkMiddleware } from "@clerk/nextjs/server";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { getConfig } from "@/lib/env";
import { assertSameOrigin } from "@/lib/http/csrf";
import { errorResponse } from "@/lib/http/errors";
import {
  API_CSP,
  clerkExtraDirectives,
  createNonce,
  pageCspDirectives,
  serializeCsp,
  servedOverHttps,
} from "@/lib/http/security-headers";

// Clerk answers 500 on every request it covers when its keys are missing, so it is mounted only
// when configured. Local accounts are checked where the data is read (pages and API routes).
const clerk = clerkMiddleware(
  async () => undefined,
  (req) => ({
    contentSecurityPolicy: { strict: true, directives: clerkExtraDirectives(servedOverHttps(req)) },
  }),
);

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
  try {
    // A server action from another origin would otherwise reach Next's own check and end as a 500.
    assertSameOrigin(req, requestId);
  } catch (e) {
    const res = errorResponse(e, requestId);
    res.headers.set("content-security-policy", API_CSP);
    res.headers.set("cache-control", "no-store");
    return res;
  }
  const config = getConfig();
  if (config.auth.mode === "clerk") return clerk(req, event);
  return withNonceCsp(req, !config.isProduction);
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
