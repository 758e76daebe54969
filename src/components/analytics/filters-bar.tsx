"use client";

import Link from "next/link";
import { useState } from "react";
import type { AnalyticsFilters, FilterOptions } from "@/lib/analytics/contract";
import { DateRangeControls } from "./date-range-controls";
import { PARAM } from "./params";
import { useAnalyticsUrl } from "./url-state";

type Option = { id: string; label: string };

const BATCH_OPTIONS: Option[] = [
  { id: "true", label: "Batch only" },
  { id: "false", label: "Non-batch only" },
];

function withCurrent(options: Option[], current: string | undefined): Option[] {
  if (!current || options.some((o) => o.id === current)) return options;
  return [...options, { id: current, label: current }];
}

function FilterSelect({ name, label, all, options }: { name: string; label: string; all: string; options: Option[] }) {
  const { get, update } = useAnalyticsUrl();
  const value = get(name);
  const id = `filter-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={options.length === 0 && !value}
        onChange={(e) => update({ [name]: e.target.value })}
      >
        <option value="">{all}</option>
        {withCurrent(options, value).map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FiltersBar({
  filters,
  options,
  today,
  clearHref,
}: {
  filters: AnalyticsFilters;
  options: FilterOptions;
  today: string;
  /** Where "Clear filters" goes; null when nothing beyond the default view is set. */
  clearHref: string | null;
}) {
  const [open, setOpen] = useState(false);
  const strings = (list: string[]) => list.map((v) => ({ id: v, label: v }));
  const active =
    [
      filters.accountId,
      filters.provider,
      filters.projectId,
      filters.apiKeyId,
      filters.model,
      filters.serviceTier,
      filters.providerUserId,
    ].filter(Boolean).length + (filters.batch === undefined ? 0 : 1);

  return (
    <section className="card filters" aria-label="Filters">
      <div className="filters-top">
        <DateRangeControls start={filters.start} end={filters.end} today={today} />
        <div className="row filters-actions">
          <button
            className="btn btn-sm filters-toggle"
            type="button"
            aria-expanded={open}
            aria-controls="filter-fields"
            onClick={() => setOpen((o) => !o)}
          >
            {open ? "Hide filters" : "More filters"}
            {active > 0 && <span className="badge badge-accent">{active}</span>}
          </button>
          {clearHref && (
            <Link href={clearHref} className="small" scroll={false}>
              Clear filters
            </Link>
          )}
        </div>
      </div>
      <div id="filter-fields" className={`filters-grid${open ? " is-open" : ""}`}>
        <FilterSelect name={PARAM.provider} label="Provider" all="All" options={options.providers} />
        <FilterSelect name={PARAM.accountId} label="Provider account" all="All" options={options.accounts} />
        <FilterSelect name={PARAM.projectId} label="Project" all="All" options={options.projects} />
        <FilterSelect name={PARAM.apiKeyId} label="API key" all="All" options={options.apiKeys} />
        <FilterSelect name={PARAM.model} label="Model" all="All" options={strings(options.models)} />
        <FilterSelect name={PARAM.serviceTier} label="Service tier" all="All" options={strings(options.serviceTiers)} />
        <FilterSelect name={PARAM.batch} label="Batch" all="All" options={BATCH_OPTIONS} />
        <FilterSelect name={PARAM.providerUserId} label="Person" all="Everyone" options={options.users} />
      </div>
    </section>
  );
}
