"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { BudgetWithProgress } from "@/lib/budgets/list";
import { StatusNotice, type Notice } from "@/components/status-notice";
import { apiErrorMessage } from "../api-error";
import { BudgetCard } from "./budget-card";
import { BudgetForm } from "./budget-form";

/** The budgets of the organization; admins also create, edit and delete (the server refuses viewers anyway). */
export function BudgetManager({ budgets, canEdit }: { budgets: BudgetWithProgress[]; canEdit: boolean }) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice>(null);

  async function remove(b: BudgetWithProgress) {
    const res = await fetch(`/api/budgets/${b.id}`, { method: "DELETE" });
    if (!res.ok) return setNotice({ kind: "error", text: await apiErrorMessage(res) });
    setNotice({ kind: "ok", text: `Deleted “${b.name}”.` });
    router.refresh();
  }

  return (
    <div className="stack">
      {canEdit && (
        <section className="card stack" aria-labelledby="new-budget-heading">
          <h2 id="new-budget-heading" style={{ margin: 0 }}>
            Create a budget
          </h2>
          <BudgetForm
            onSaved={(b) => {
              setNotice({ kind: "ok", text: `Created “${b.name}”.` });
              router.refresh();
            }}
          />
        </section>
      )}
      <StatusNotice notice={notice} />
      <section className="stack" aria-labelledby="budgets-heading">
        <h2 id="budgets-heading" style={{ margin: 0 }}>
          Budgets <span className="muted">({budgets.length})</span>
        </h2>
        {budgets.length === 0 ? (
          <p className="muted card" style={{ margin: 0 }}>
            No budgets yet.{canEdit ? " Create one above." : " An admin can create one."}
          </p>
        ) : (
          budgets.map((b) => (
            <BudgetCard
              key={`${b.id}:${b.updatedAt}`}
              budget={b}
              canEdit={canEdit}
              onDelete={remove}
              onSaved={() => {
                setNotice({ kind: "ok", text: `Saved “${b.name}”.` });
                router.refresh();
              }}
            />
          ))
        )}
      </section>
    </div>
  );
}
