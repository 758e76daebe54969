import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { createBudget } from "@/lib/budgets/create";
import { listBudgets } from "@/lib/budgets/list";
import { createBudgetSchema } from "@/lib/budgets/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "budgets:read" }, async ({ actor }) => ({
  budgets: await listBudgets(await getDb(), actor),
}));

export const POST = apiRoute(
  { permission: "budgets:write", body: createBudgetSchema },
  async ({ actor, body, requestId }) =>
    NextResponse.json({ budget: await createBudget(await getDb(), actor, body, { requestId }) }, { status: 201 }),
);
