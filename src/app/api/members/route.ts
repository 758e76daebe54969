import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { listMembers } from "@/lib/orgs/members";

export const GET = apiRoute({ permission: "members:read" }, async ({ actor }) => ({
  members: await listMembers(await getDb(), actor),
}));
