import { AppShell } from "@/components/app-shell";
import { Certificates } from "@/components/keys/certificates";
import { KeyManager } from "@/components/keys/key-manager";
import { getDb } from "@/db/client";
import { listCertificates } from "@/lib/accounts/certificates";
import { listAccounts } from "@/lib/accounts/list";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { can } from "@/lib/orgs/roles";
import { shellOrgs } from "../shell-orgs";

export const metadata = { title: "Provider keys" };
export const dynamic = "force-dynamic";

export default async function KeysPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const actor = await requireActorOrRedirect("/keys");
  const db = await getDb();
  const [accounts, certificates, orgs] = await Promise.all([
    listAccounts(db, actor),
    listCertificates(db, actor),
    shellOrgs(actor),
  ]);
  const { welcome, created } = await searchParams;
  return (
    <AppShell current="keys" email={actor.user.email} orgs={orgs} role={actor.role}>
      <div className="page-header">
        <div>
          <h1>Provider keys</h1>
          <p className="muted" style={{ margin: 0 }}>
            The keys {actor.org.name} uses to read its providers&apos; usage APIs, grouped by provider account. They are
            encrypted at rest.
          </p>
        </div>
      </div>
      <KeyManager
        accounts={accounts}
        canWrite={can(actor.role, "keys:write")}
        canDeleteAccounts={can(actor.role, "accounts:delete")}
        welcome={welcome === "1" ? "account" : created === "1" ? "organization" : undefined}
      />
      <Certificates certificates={certificates} />
    </AppShell>
  );
}
