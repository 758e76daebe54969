import { AppShell } from "@/components/app-shell";
import { AlertHistory } from "@/components/budgets/alert-history";
import { BudgetManager } from "@/components/budgets/budget-manager";
import { getDb } from "@/db/client";
import { listAlerts } from "@/lib/alerts/list";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { listBudgets } from "@/lib/budgets/list";
import { can } from "@/lib/orgs/roles";
import { shellOrgs } from "../shell-orgs";

export const metadata = { title: "Budgets" };
export const dynamic = "force-dynamic";

export default async function BudgetsPage() {
  const actor = await requireActorOrRedirect("/budgets");
  const db = await getDb();
  const [budgets, fired, orgs] = await Promise.all([
    listBudgets(db, actor),
    listAlerts(db, actor, {}),
    shellOrgs(actor),
  ]);
  const canEdit = can(actor.role, "budgets:write");
  return (
    <AppShell current="budgets" email={actor.user.email} orgs={orgs} role={actor.role}>
      <div className="page-header">
        <div>
          <h1>Budgets</h1>
          <p className="muted" style={{ margin: 0 }}>
            Monthly limits for {actor.org.name} (calendar months, UTC), on billed spend where the provider reports it
            and estimated spend elsewhere. The forecast is this month so far plus the mean of the last 7 closed days for
            each day left.
          </p>
        </div>
      </div>
      {!canEdit && (
        <p className="card small" style={{ margin: 0 }}>
          You are a viewer here: you can see budgets and alerts; admins and owners edit them.
        </p>
      )}
      <BudgetManager budgets={budgets} canEdit={canEdit} />
      <AlertHistory alerts={fired.alerts} range={fired.range} />
    </AppShell>
  );
}
