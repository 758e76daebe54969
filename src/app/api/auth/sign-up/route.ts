import { NextResponse } from "next/server";
import { signUp } from "@/lib/auth/local-session-routes";
import { credentialsSchema } from "@/lib/auth/schemas";
import { apiRoute } from "@/lib/http/route";

export const POST = apiRoute({ auth: false, body: credentialsSchema }, async ({ body }) =>
  NextResponse.json(await signUp(body), { status: 201 }),
);
