import type { AuditFilters } from "@/lib/orgs/audit-filters";
import { auditActionLabel } from "./action-labels";

/**
 * The filters as a plain GET form: it works without JavaScript, and the URL it produces is the
 * view (shareable, back button). Empty fields mean "any".
 */
export function AuditFiltersForm({
  filters,
  actions,
  today,
  exportHref,
}: {
  filters: AuditFilters;
  actions: readonly string[];
  today: string;
  exportHref: string;
}) {
  const filtered = Boolean(filters.start || filters.end || filters.action);
  return (
    <form method="get" action="/settings/audit" className="card" aria-labelledby="audit-filters-heading">
      <h2 id="audit-filters-heading" className="sr-only">
        Filter the audit log
      </h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="audit-start">From (UTC)</label>
          <input id="audit-start" name="start" type="date" defaultValue={filters.start ?? ""} max={today} />
        </div>
        <div className="field">
          <label htmlFor="audit-end">To (UTC)</label>
          <input id="audit-end" name="end" type="date" defaultValue={filters.end ?? ""} max={today} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue={filters.action ?? ""}>
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(a)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
        {filtered && <a href="/settings/audit">Clear filters</a>}
        <a className="btn" href={exportHref} download>
          Export CSV
        </a>
      </div>
    </form>
  );
}
