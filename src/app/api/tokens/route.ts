import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { createApiToken } from "@/lib/orgs/tokens/create";
import { listApiTokens } from "@/lib/orgs/tokens/list";
import { createTokenSchema } from "@/lib/orgs/tokens/schemas";

export const GET = apiRoute({ permission: "tokens:write" }, async ({ actor }) => ({
  tokens: await listApiTokens(await getDb(), actor),
}));

/** The only response that ever carries the token's secret. */
export const POST = apiRoute(
  { permission: "tokens:write", body: createTokenSchema },
  async ({ actor, body, requestId }) =>
    NextResponse.json(await createApiToken(await getDb(), actor, body, { requestId }), {
      status: 201,
      headers: { "cache-control": "no-store" },
    }),
);
