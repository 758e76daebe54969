import { Suspense } from "react";
import { getConfig } from "@/lib/env";
import { Brand } from "./app-shell";
import { AuthForm } from "./auth-form";

export async function AuthPage({ mode }: { mode: "sign-in" | "sign-up" }) {
  if (getConfig().auth.mode === "clerk") {
    const { SignIn, SignUp } = await import("@clerk/nextjs");
    return <main className="auth-wrap">{mode === "sign-in" ? <SignIn /> : <SignUp />}</main>;
  }
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
        </div>
      </header>
      <main className="auth-wrap">
        <Suspense>
          <AuthForm mode={mode} />
        </Suspense>
      </main>
    </>
  );
}
