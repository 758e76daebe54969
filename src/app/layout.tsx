import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { getConfig } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CogniTrack", template: "%s · CogniTrack" },
  description: "See what your team spends on LLM APIs, day by day, straight from the providers' usage APIs.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const auth = getConfig().auth;
  const body = (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
  if (auth.mode !== "clerk") return body;
  const { ClerkProvider } = await import("@clerk/nextjs");
  return <ClerkProvider publishableKey={auth.publishableKey}>{body}</ClerkProvider>;
}
