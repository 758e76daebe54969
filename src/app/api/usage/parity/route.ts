import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { readParityForActor } from "@/lib/usage/parity";
import { parityQuerySchema } from "@/lib/usage/parity-schemas";

export const dynamic = "force-dynamic";

/** What `npm run usage:diff` compares, for the CLI beside the app on the embedded database. */
export const GET = apiRoute(
  { permission: "usage:read", tokenScope: "usage:read", query: parityQuerySchema },
  async ({ actor, query }) => readParityForActor(await getDb(), actor, query),
);
