import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextResponse, type NextFetchEvent, type NextMiddleware, type NextRequest } from "next/server";
import { getConfig } from "@/lib/env";

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
  clerk ??= clerkMiddleware({
    publishableKey: auth.publishableKey,
    ...(auth.jwtKey ? { jwtKey: auth.jwtKey } : {}),
  });
  return clerk;
}

export default function proxy(req: NextRequest, event: NextFetchEvent) {
  const { auth } = getConfig();
  if (auth.mode === "clerk") return clerkProxy(auth)(req, event);
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
