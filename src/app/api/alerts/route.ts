import { getDb } from "@/db/client";
import { alertsQuerySchema, listAlerts } from "@/lib/alerts/list";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Fired alerts with their per-channel delivery status from the outbox. */
export const GET = apiRoute({ permission: "budgets:read", query: alertsQuerySchema }, async ({ actor, query }) =>
  listAlerts(await getDb(), actor, query),
);
