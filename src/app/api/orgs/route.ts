import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { createOrganization } from "@/lib/orgs/create";
import { listMyOrganizations } from "@/lib/orgs/list";
import { createOrgSchema } from "@/lib/orgs/schemas";

/** Every organization the caller belongs to, with their role; `current` marks the one this request acts in. */
export const GET = apiRoute({}, async ({ actor }) => ({
  organizations: await listMyOrganizations(await getDb(), actor),
}));

/** A new team organization; its creator is its owner. Switch to it with PUT /api/orgs/current. */
export const POST = apiRoute({ body: createOrgSchema }, async ({ actor, body, requestId }) =>
  NextResponse.json(
    { organization: await createOrganization(await getDb(), actor, body, { requestId }) },
    { status: 201 },
  ),
);
