import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { createInvitation } from "@/lib/orgs/invitations/create";
import { listPendingInvitations } from "@/lib/orgs/invitations/list";
import { createInvitationSchema } from "@/lib/orgs/invitations/schemas";

export const GET = apiRoute({ permission: "invitations:write" }, async ({ actor }) => ({
  invitations: await listPendingInvitations(await getDb(), actor),
}));

export const POST = apiRoute(
  { permission: "invitations:write", body: createInvitationSchema },
  async ({ actor, body, requestId }) =>
    NextResponse.json(
      { invitation: await createInvitation(await getDb(), actor, body, { requestId }) },
      { status: 201, headers: { "cache-control": "no-store" } },
    ),
);
