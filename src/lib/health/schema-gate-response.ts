/**
 * The page-side half of the schema gate (API routes check it in src/lib/http/route.ts): run from
 * the proxy before any page or server action, so an un-migrated server answers every request with
 * a plain 503 naming the command instead of a 500 from whichever query fails first.
 */
import { getDb } from "@/db/client";
import { isAppError } from "@/lib/errors";

/** A 503 when the schema is behind; null otherwise (other database failures are left to the page). */
export async function schemaGateResponse(): Promise<Response | null> {
  try {
    await getDb();
    return null;
  } catch (e) {
    if (!isAppError(e) || e.code !== "SERVICE_UNAVAILABLE") return null;
    return new Response(`CogniTrack cannot serve this page. ${e.message}\n`, {
      status: 503,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "retry-after": "60" },
    });
  }
}
