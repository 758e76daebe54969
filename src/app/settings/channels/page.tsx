import { AppShell } from "@/components/app-shell";
import { ChannelManager } from "@/components/channels/channel-manager";
import { getDb } from "@/db/client";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { listChannels } from "@/lib/notifications/channels/list";
import { can } from "@/lib/orgs/roles";
import { shellOrgs } from "../../shell-orgs";

export const metadata = { title: "Notification channels" };
export const dynamic = "force-dynamic";

export default async function ChannelsPage() {
  const actor = await requireActorOrRedirect("/settings/channels");
  const canWrite = can(actor.role, "budgets:write");
  const [channels, orgs] = await Promise.all([listChannels(await getDb(), actor), shellOrgs(actor)]);
  return (
    <AppShell current="channels" email={actor.user.email} orgs={orgs} role={actor.role}>
      <div className="page-header">
        <div>
          <h1>Notification channels</h1>
          <p className="muted" style={{ margin: 0 }}>
            Where {actor.org.name}&apos;s budget and anomaly alerts go: a signed webhook, a Slack channel or an email
            address. Failed deliveries are retried for about half an hour.
          </p>
        </div>
      </div>
      {!canWrite && (
        <div className="card">
          <p style={{ margin: 0 }}>Only admins and owners add, test or delete channels; you are a viewer here.</p>
        </div>
      )}
      <ChannelManager initialChannels={channels} canWrite={canWrite} />
    </AppShell>
  );
}
