import { getDb } from "@/db/client";
import { deleteBudget } from "@/lib/budgets/delete";
import { getBudget } from "@/lib/budgets/list";
import { budgetIdSchema, updateBudgetSchema } from "@/lib/budgets/schemas";
import { updateBudget } from "@/lib/budgets/update";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "budgets:read", params: budgetIdSchema }, async ({ actor, params }) => ({
  budget: await getBudget(await getDb(), actor, params.id),
}));

export const PATCH = apiRoute(
  { permission: "budgets:write", params: budgetIdSchema, body: updateBudgetSchema },
  async ({ actor, params, body, requestId }) => ({
    budget: await updateBudget(await getDb(), actor, params.id, body, { requestId }),
  }),
);

export const DELETE = apiRoute(
  { permission: "budgets:write", params: budgetIdSchema },
  async ({ actor, params, requestId }) => deleteBudget(await getDb(), actor, params.id, { requestId }),
);
