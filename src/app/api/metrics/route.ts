import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { verifyMetricsAuthorization } from "@/lib/metrics/auth";
import { renderMetrics } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

// Prometheus scrapes with its bearer token; no rate limit, so a busy scraper never meets a 429 or 500.
export const GET = apiRoute({ auth: false, schemaGate: false }, async ({ req }) => {
  verifyMetricsAuthorization(req.headers.get("authorization"));
  const { body, contentType } = await renderMetrics(getDb);
  return new Response(body, { status: 200, headers: { "content-type": contentType } });
});
