import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/route";
import { createKey } from "@/lib/keys/create";
import { listKeys } from "@/lib/keys/list";
import { createKeySchema } from "@/lib/keys/schemas";

export const GET = apiRoute({}, async ({ user }) => ({ keys: await listKeys(await getDb(), user.id) }));

export const POST = apiRoute({ body: createKeySchema }, async ({ user, body }) =>
  NextResponse.json({ key: await createKey(await getDb(), user.id, body) }, { status: 201 }),
);
