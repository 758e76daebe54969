import { getDb } from "@/db/client";
import { verifyCronAuthorization } from "@/lib/cron/auth";
import { runDailyUsage } from "@/lib/cron/daily-usage";
import { getConfig } from "@/lib/env";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

// Vercel Cron calls GET; the schedule lives only in vercel.json.
export const GET = apiRoute({ auth: false }, async ({ req }) => {
  verifyCronAuthorization(req.headers.get("authorization"));
  const { cron } = getConfig();
  return runDailyUsage(await getDb(), {
    concurrency: cron.concurrency,
    deadline: Date.now() + cron.maxDurationSeconds * 1000,
  });
});
