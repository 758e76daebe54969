import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { hasMalformedPercentEncoding } from "@/lib/http/malformed-url";

// Clerk answers 500 on every request it covers when its keys are missing, so it is mounted only
// when configured. Local accounts are checked where the data is read (pages and API routes).
const clerk = clerkMiddleware();

export default function proxy(req: NextRequest, event: NextFetchEvent) {
  if (hasMalformedPercentEncoding(req.nextUrl.pathname)) {
    const error = new AppError("BAD_REQUEST", "The address is not valid: it has a broken %-escape.");
    return errorResponse(error, crypto.randomUUID());
  }
  if (getConfig().auth.mode === "clerk") return clerk(req, event);
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
