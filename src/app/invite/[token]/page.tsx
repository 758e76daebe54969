import Link from "next/link";
import { Brand } from "@/components/app-shell";
import { formatDateTimeUtc } from "@/components/format";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/current-actor";
import { previewInvitation } from "@/lib/orgs/invitations/accept";
import { AcceptInvitationButton } from "./accept-button";

export const metadata = { title: "Invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const ROLE_WORDS = {
  viewer: "a viewer (analytics and exports)",
  admin: "an admin (also keys, refresh, tokens and invitations)",
  owner: "an owner (also members and organization settings)",
} as const;

/** Works signed out: offers sign-in / sign-up and comes back here afterwards. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [preview, actor] = await Promise.all([
    previewInvitation(await getDb(), token),
    getCurrentActor({ requestedOrgId: null }),
  ]);
  const back = encodeURIComponent(`/invite/${token}`);
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
        </div>
      </header>
      <main className="auth-wrap">
        <div className="card auth-card stack">
          {!preview ? (
            <>
              <h1 style={{ margin: 0 }}>Invitation not valid</h1>
              <p className="muted" style={{ margin: 0 }}>
                This invitation link is not valid. It may have expired, been revoked or been used already: ask the
                person who invited you for a new one.
              </p>
              <Link href={actor ? "/analytics" : "/sign-in"}>{actor ? "Go to your analytics" : "Sign in"}</Link>
            </>
          ) : (
            <>
              <h1 style={{ margin: 0 }}>Join {preview.orgName}</h1>
              <p style={{ margin: 0 }}>
                {preview.invitedBy ?? "An admin"} invited {preview.maskedEmail} to {preview.orgName} on CogniTrack as{" "}
                {ROLE_WORDS[preview.role]}.
              </p>
              <p className="small muted" style={{ margin: 0 }}>
                The link works once, until {formatDateTimeUtc(preview.expiresAt)}.
              </p>
              {actor ? (
                <>
                  <p className="small" style={{ margin: 0 }}>
                    You are signed in as <strong>{actor.user.email}</strong>. The invitation must be for this address.
                  </p>
                  <AcceptInvitationButton token={token} orgName={preview.orgName} />
                </>
              ) : (
                <>
                  <p className="small" style={{ margin: 0 }}>
                    Sign in, or create an account, with the invited address ({preview.maskedEmail}); you come back here
                    afterwards.
                  </p>
                  <div className="row">
                    <Link className="btn btn-primary" href={`/sign-in?next=${back}`}>
                      Sign in
                    </Link>
                    <Link className="btn" href={`/sign-up?next=${back}`}>
                      Create an account
                    </Link>
                  </div>
                </>
              )}
            </>
          )}
        </div>
      </main>
    </>
  );
}
