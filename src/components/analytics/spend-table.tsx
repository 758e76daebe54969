"use client";

import { useState } from "react";
import type { SpendGroup } from "@/lib/reconciliation/spend";
import { formatInteger } from "../format";
import { compareDecimal, formatUsdText } from "../money/decimal-format";

type SortKey = "label" | "billedUsd" | "estimatedUsd" | "spendUsd" | "tokens";

const COLUMNS: { key: Exclude<SortKey, "label">; label: string }[] = [
  { key: "spendUsd", label: "Spend" },
  { key: "billedUsd", label: "Billed" },
  { key: "estimatedUsd", label: "Estimated" },
  { key: "tokens", label: "Tokens" },
];

function compare(a: SpendGroup, b: SpendGroup, key: SortKey): number {
  if (key === "label") return a.label.localeCompare(b.label);
  if (key === "tokens") return a.tokens - b.tokens;
  return compareDecimal(a[key], b[key]);
}

/** Spend per group, biggest first; each column header sorts. */
export function SpendTable({ rows, noun, truncated }: { rows: SpendGroup[]; noun: string; truncated: boolean }) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "spendUsd", dir: -1 });
  const sorted = [...rows].sort((a, b) => compare(a, b, sort.key) * sort.dir || a.key.localeCompare(b.key));

  function header(key: SortKey, label: string, numeric: boolean) {
    const active = sort.key === key;
    return (
      <th
        key={key}
        scope="col"
        className={numeric ? "num" : undefined}
        aria-sort={active ? (sort.dir === 1 ? "ascending" : "descending") : "none"}
      >
        <button
          type="button"
          onClick={() => setSort({ key, dir: active ? (-sort.dir as 1 | -1) : key === "label" ? 1 : -1 })}
        >
          {label}
          <span className="sort-indicator" aria-hidden="true">
            {active ? (sort.dir === 1 ? "▲" : "▼") : "↕"}
          </span>
        </button>
      </th>
    );
  }

  return (
    <div className="table-wrap">
      <table className="breakdown-table" data-testid="spend-table">
        <caption className="sr-only">Spend by {noun}. Column headers sort the table.</caption>
        <thead>
          <tr>
            {header("label", noun[0]!.toUpperCase() + noun.slice(1), false)}
            {COLUMNS.map((c) => header(c.key, c.label, true))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.key}>
              <th scope="row" className="name-cell">
                {r.label}
              </th>
              <td className="num">{formatUsdText(r.spendUsd)}</td>
              <td className="num">{formatUsdText(r.billedUsd)}</td>
              <td className="num">{formatUsdText(r.estimatedUsd)}</td>
              <td className="num">{formatInteger(r.tokens)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {truncated && <p className="small muted">Showing the {rows.length} biggest by spend.</p>}
    </div>
  );
}
