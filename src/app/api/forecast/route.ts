import { getDb } from "@/db/client";
import { forecastQuerySchema, getForecastFor } from "@/lib/forecast/get";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "usage:read", query: forecastQuerySchema }, async ({ actor, query }) =>
  getForecastFor(await getDb(), actor, query),
);
