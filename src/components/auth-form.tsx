"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { apiErrorMessage } from "./api-error";

export function AuthForm({ mode }: { mode: "sign-in" | "sign-up" }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Keeps the way back (e.g. to an invitation) when switching between sign-in and sign-up.
  const rawNext = params.get("next");
  const carry = rawNext ? `?next=${encodeURIComponent(rawNext)}` : "";

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const res = await fetch(`/api/auth/${mode}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
    });
    if (res.ok) {
      const destination = safeNextPath(rawNext, window.location.origin);
      router.push(mode === "sign-up" && !rawNext ? "/keys?welcome=1" : destination);
      router.refresh();
      return;
    }
    setError(await apiErrorMessage(res));
    setBusy(false);
  }

  const isSignUp = mode === "sign-up";
  return (
    <form className="card auth-card" onSubmit={onSubmit} noValidate>
      <h1>{isSignUp ? "Create your account" : "Sign in"}</h1>
      <p className="muted">{isSignUp ? "Track what your team spends on LLM APIs." : "Welcome back to CogniTrack."}</p>
      {error && (
        <div className="alert alert-error field" role="alert">
          {error}
        </div>
      )}
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={isSignUp ? "new-password" : "current-password"}
          minLength={isSignUp ? 10 : undefined}
          required
        />
        {isSignUp && <div className="field-hint">At least 10 characters.</div>}
      </div>
      <button className="btn btn-primary" type="submit" disabled={busy} style={{ width: "100%" }}>
        {busy ? "Please wait…" : isSignUp ? "Create account" : "Sign in"}
      </button>
      <p className="small muted" style={{ marginTop: "1rem", marginBottom: 0 }}>
        {isSignUp ? (
          <>
            Already have an account? <Link href={`/sign-in${carry}`}>Sign in</Link>
          </>
        ) : (
          <>
            New to CogniTrack? <Link href={`/sign-up${carry}`}>Create an account</Link>
          </>
        )}
      </p>
    </form>
  );
}
