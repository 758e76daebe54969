"use client";

import { useState } from "react";
import type { BreakdownRow, UsageSums } from "@/lib/analytics/contract";
import { formatInteger, formatShare, formatSpend } from "../format";

type SortKey = "label" | "inputTokens" | "cachedInputTokens" | "outputTokens" | "requests" | "costUsd" | "share";

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: "inputTokens", label: "Input tokens", numeric: true },
  { key: "cachedInputTokens", label: "Cached input", numeric: true },
  { key: "outputTokens", label: "Output tokens", numeric: true },
  { key: "requests", label: "Requests", numeric: true },
  { key: "costUsd", label: "Est. spend", numeric: true },
  { key: "share", label: "Share of tokens", numeric: true },
];

const tokens = (s: UsageSums) => s.inputTokens + s.outputTokens;

function sortValue(row: BreakdownRow, key: SortKey): number | string | null {
  if (key === "label") return row.label.toLowerCase();
  if (key === "share") return tokens(row);
  return row[key];
}

function compare(a: BreakdownRow, b: BreakdownRow, key: SortKey, dir: 1 | -1) {
  const va = sortValue(a, key);
  const vb = sortValue(b, key);
  // Unknown spend sorts last whichever way the column is sorted.
  if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
  return (va < vb ? -1 : va > vb ? 1 : 0) * dir;
}

export function BreakdownTable({
  rows,
  total,
  nameHeader,
  caption,
  onPick,
  pickLabel,
}: {
  rows: BreakdownRow[];
  total: UsageSums;
  nameHeader: string;
  caption: string;
  /** Narrow the whole page to one row's value; absent when the dimension cannot be filtered on. */
  onPick?: (row: BreakdownRow) => void;
  pickLabel: (row: BreakdownRow) => string;
}) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "share", dir: -1 });
  const sorted = [...rows].sort((a, b) => compare(a, b, sort.key, sort.dir));
  const denominator = tokens(total);

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
      <table className="breakdown-table">
        <caption className="sr-only">{caption}. Column headers sort the table.</caption>
        <thead>
          <tr>
            {header("label", nameHeader, false)}
            {COLUMNS.map((c) => header(c.key, c.label, c.numeric))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.value ?? "(none)"}>
              <th
                scope="row"
                className="name-cell"
                title={row.value && row.value !== row.label ? row.value : undefined}
              >
                {onPick && row.value !== null ? (
                  <button type="button" className="link-button" onClick={() => onPick(row)} title={pickLabel(row)}>
                    {row.label}
                    <span className="sr-only">: {pickLabel(row)}</span>
                  </button>
                ) : (
                  <span className={row.value === null ? "muted" : undefined}>{row.label}</span>
                )}
              </th>
              <td className="num">{formatInteger(row.inputTokens)}</td>
              <td className="num">{formatInteger(row.cachedInputTokens)}</td>
              <td className="num">{formatInteger(row.outputTokens)}</td>
              <td className="num">{formatInteger(row.requests)}</td>
              <td className="num">{formatSpend(row.costUsd)}</td>
              <td className="num">
                <span className="share">
                  <span className="share-bar" aria-hidden="true">
                    <span style={{ width: `${denominator ? (tokens(row) / denominator) * 100 : 0}%` }} />
                  </span>
                  {formatShare(denominator ? tokens(row) / denominator : 0)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num">{formatInteger(total.inputTokens)}</td>
            <td className="num">{formatInteger(total.cachedInputTokens)}</td>
            <td className="num">{formatInteger(total.outputTokens)}</td>
            <td className="num">{formatInteger(total.requests)}</td>
            <td className="num">{formatSpend(total.costUsd)}</td>
            <td className="num">100%</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
