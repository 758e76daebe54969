import { Suspense } from "react";
import { getConfig } from "@/lib/env";
import { Brand } from "./app-shell";
import { AuthForm } from "./auth-form";

export async function AuthPage({ mode }: { mode: "sign-in" | "sign-up" }) {
  if (getConfig().auth.mode === "clerk") {
    const { SignIn, SignUp } = await import("@clerk/nextjs");
    return <div className="auth-wrap">{mode === "sign-in" ? <SignIn /> : <SignUp />}</div>;
  }
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
        </div>
      </header>
      <div className="auth-wrap">
        <Suspense>
          <AuthForm mode={mode} />
        </Suspense>
      </div>
    </>
  );
}
