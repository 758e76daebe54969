import { AppShell } from "@/components/app-shell";
import { TokenManager } from "@/components/tokens/token-manager";
import { getDb } from "@/db/client";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { can } from "@/lib/orgs/roles";
import { shellOrgs } from "../../shell-orgs";
import { listApiTokens } from "@/lib/orgs/tokens/list";

export const metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const actor = await requireActorOrRedirect("/settings/tokens");
  const allowed = can(actor.role, "tokens:write");
  const [tokens, orgs] = await Promise.all([allowed ? listApiTokens(await getDb(), actor) : [], shellOrgs(actor)]);
  return (
    <AppShell current="tokens" email={actor.user.email} orgs={orgs} role={actor.role}>
      <div className="page-header">
        <div>
          <h1>API tokens</h1>
          <p className="muted" style={{ margin: 0 }}>
            Tokens let scripts read {actor.org.name}&apos;s usage or pull it from the providers, without a browser
            session. They work on <span className="mono">/api/usage</span> and{" "}
            <span className="mono">/api/usage/export</span> only.
          </p>
        </div>
      </div>
      {allowed ? (
        <TokenManager initialTokens={tokens} />
      ) : (
        <div className="card">
          <p style={{ margin: 0 }}>
            Only admins and owners manage API tokens; you are a viewer here. Ask an admin of {actor.org.name} for one.
          </p>
        </div>
      )}
    </AppShell>
  );
}
