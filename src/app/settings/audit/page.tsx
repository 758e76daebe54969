import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { AuditFiltersForm } from "@/components/audit/audit-filters-form";
import { AuditTable } from "@/components/audit/audit-table";
import { getDb } from "@/db/client";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { AUDIT_ACTIONS } from "@/lib/orgs/audit";
import { auditQuerySchema, type AuditFilters } from "@/lib/orgs/audit-filters";
import { listAuditEntries } from "@/lib/orgs/audit-list";
import { assertCan } from "@/lib/orgs/roles";
import type { Actor } from "@/lib/orgs/types";
import { formatZodError } from "@/lib/validation";
import { shellOrgs } from "../../shell-orgs";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;
const FIELDS = ["start", "end", "action", "cursor"] as const;

/** The page is lenient about the URL (first value of each known field); the API is strict. */
function pick(raw: SearchParams) {
  return Object.fromEntries(FIELDS.map((f) => [f, [raw[f] ?? []].flat()[0]]).filter(([, v]) => v !== undefined));
}

function query(filters: AuditFilters, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}

/** The same sentence the API answers with (403 naming the role), or null when allowed. */
function refusal(actor: Actor): string | null {
  try {
    assertCan(actor, "audit:read");
    return null;
  } catch (e) {
    if (isAppError(e)) return e.message;
    throw e;
  }
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const fields = pick(await searchParams);
  const actor = await requireActorOrRedirect(`/settings/audit${query(fields)}`);
  const orgs = await shellOrgs(actor);
  const shell = (body: ReactNode) => (
    <AppShell current="audit" email={actor.user.email} orgs={orgs} role={actor.role}>
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted" style={{ margin: 0 }}>
            Who did what in {actor.org.name}: sign-ins, key and account changes, members and roles. Entries are
            never edited or deleted.
          </p>
        </div>
      </div>
      {body}
    </AppShell>
  );

  const refused = refusal(actor);
  if (refused) {
    return shell(
      <div className="alert alert-error" role="alert">
        {refused} Ask an admin or owner of this organization.
      </div>,
    );
  }
  const parsed = auditQuerySchema.safeParse(fields);
  if (!parsed.success) {
    return shell(
      <div className="alert alert-error" role="alert">
        These filters cannot be used: {formatZodError(parsed.error)}. <a href="/settings/audit">Show all entries</a>.
      </div>,
    );
  }
  const { cursor, ...filters } = parsed.data;
  const page = await listAuditEntries(await getDb(), actor, parsed.data);
  const today = new Date().toISOString().slice(0, 10);
  return shell(
    <div className="stack">
      <AuditFiltersForm
        filters={filters}
        actions={AUDIT_ACTIONS}
        today={today}
        exportHref={`/api/audit/export${query(filters)}`}
      />
      <section className="card" aria-labelledby="audit-entries-heading">
        <div className="card-header">
          <h2 id="audit-entries-heading">{cursor ? "Older entries" : "Latest entries"}</h2>
        </div>
        {page.entries.length === 0 ? (
          <p className="muted">No entries match these filters.</p>
        ) : (
          <AuditTable entries={page.entries} />
        )}
        <nav className="row" aria-label="Audit log pages">
          {cursor && <a href={`/settings/audit${query(filters)}`}>Back to the newest entries</a>}
          {page.nextCursor && (
            <a href={`/settings/audit${query(filters, { cursor: page.nextCursor })}`}>Older entries</a>
          )}
        </nav>
      </section>
    </div>,
  );
}
