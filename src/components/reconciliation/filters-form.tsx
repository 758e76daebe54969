import { PROVIDER_IDS } from "@/lib/providers/types";
import { findProviderAdapter } from "@/lib/providers/registry";

export interface ReconciliationFormValues {
  start: string;
  end: string;
  provider: string;
  threshold: string;
}

/**
 * The range, provider and threshold as a plain GET form (works without JavaScript; the URL is the
 * view). Each problem shows under its own field.
 */
export function ReconciliationFiltersForm({
  values,
  errors,
  lastClosed,
  defaultThreshold,
}: {
  values: ReconciliationFormValues;
  errors: Partial<Record<keyof ReconciliationFormValues, string>>;
  lastClosed: string;
  defaultThreshold: number;
}) {
  const field = (name: keyof ReconciliationFormValues) => ({
    id: `recon-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `recon-${name}-error` : undefined,
  });
  const error = (name: keyof ReconciliationFormValues) =>
    errors[name] ? (
      <p id={`recon-${name}-error`} className="field-error">
        {errors[name]}
      </p>
    ) : null;
  return (
    <form method="get" action="/reconciliation" className="card" aria-labelledby="recon-filters-heading">
      <h2 id="recon-filters-heading" className="sr-only">
        Choose the days to reconcile
      </h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="recon-start">From (UTC)</label>
          <input {...field("start")} type="date" defaultValue={values.start} max={lastClosed} />
          {error("start")}
        </div>
        <div className="field">
          <label htmlFor="recon-end">To (UTC)</label>
          <input {...field("end")} type="date" defaultValue={values.end} max={lastClosed} />
          {error("end")}
        </div>
        <div className="field">
          <label htmlFor="recon-provider">Provider</label>
          <select {...field("provider")} defaultValue={values.provider}>
            <option value="">All providers</option>
            {PROVIDER_IDS.map((p) => (
              <option key={p} value={p}>
                {findProviderAdapter(p)?.displayName ?? p}
              </option>
            ))}
          </select>
          {error("provider")}
        </div>
        <div className="field">
          <label htmlFor="recon-threshold">Flag gaps above (%)</label>
          <input
            {...field("threshold")}
            type="text"
            inputMode="decimal"
            defaultValue={values.threshold}
            placeholder={String(defaultThreshold)}
          />
          {error("threshold")}
        </div>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary">
          Show
        </button>
        <a href="/reconciliation">Last 30 closed days</a>
      </div>
    </form>
  );
}
