"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiErrorMessage } from "./api-error";

/** Ends this session, or with `everywhere` every session of the account on every device. */
export function SignOutButton({ everywhere = false }: { everywhere?: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn-sm"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const res = await fetch(everywhere ? "/api/auth/sign-out-everywhere" : "/api/auth/sign-out", {
            method: "POST",
          });
          if (!res.ok && everywhere) {
            setError(await apiErrorMessage(res));
            setBusy(false);
            return;
          }
          router.push("/sign-in");
          router.refresh();
        }}
      >
        {everywhere ? "Sign out everywhere" : "Sign out"}
      </button>
      {error && (
        <p className="small alert alert-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
