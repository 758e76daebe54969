"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiErrorMessage } from "@/components/api-error";

export function AcceptInvitationButton({ token, orgName }: { token: string; orgName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function accept() {
    setBusy(true);
    setError(null);
    const res = await fetch("/api/invitations/accept", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token }),
    });
    if (res.ok) {
      router.push("/analytics");
      router.refresh();
      return;
    }
    setError(await apiErrorMessage(res));
    setBusy(false);
  }

  return (
    <div className="stack">
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <button className="btn btn-primary" type="button" onClick={accept} disabled={busy} style={{ width: "100%" }}>
        {busy ? "Joining…" : `Join ${orgName}`}
      </button>
    </div>
  );
}
