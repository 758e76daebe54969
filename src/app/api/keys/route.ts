import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { createKey } from "@/lib/keys/create";
import { listKeys } from "@/lib/keys/list";
import { createKeySchema } from "@/lib/keys/schemas";

export const GET = apiRoute({ permission: "keys:read" }, async ({ actor }) => ({
  keys: await listKeys(await getDb(), actor),
}));

export const POST = apiRoute({ permission: "keys:write", body: createKeySchema }, async ({ actor, body, requestId }) =>
  NextResponse.json(await createKey(await getDb(), actor, body, { requestId }), { status: 201 }),
);
