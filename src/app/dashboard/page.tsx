import { AppShell } from "@/components/app-shell";
import { KeyManager } from "@/components/keys/key-manager";
import { getDb } from "@/db/client";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { listKeys } from "@/lib/keys/list";

export const metadata = { title: "Provider keys" };
export const dynamic = "force-dynamic";

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const actor = await requireActorOrRedirect("/dashboard");
  const keys = await listKeys(await getDb(), actor);
  const { welcome } = await searchParams;
  return (
    <AppShell current="dashboard" email={actor.user.email} role={actor.role}>
      <div className="page-header">
        <div>
          <h1>Provider keys</h1>
          <p className="muted" style={{ margin: 0 }}>
            The keys CogniTrack uses to read your providers&apos; usage APIs. They are encrypted at rest.
          </p>
        </div>
      </div>
      <KeyManager initialKeys={keys} welcome={welcome === "1"} />
    </AppShell>
  );
}
