import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { getConfig } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CogniTrack", template: "%s · CogniTrack" },
  description: "See what your team spends on LLM APIs, day by day, straight from the providers' usage APIs.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page (404 included) render per request, so each one carries
  // the nonce of its own CSP (src/proxy.ts); a prerendered page's scripts would have none.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const auth = getConfig().auth;
  const body = (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
  if (auth.mode !== "clerk") return body;
  const { ClerkProvider } = await import("@clerk/nextjs");
  return (
    <ClerkProvider publishableKey={auth.publishableKey} dynamic nonce={nonce}>
      {body}
    </ClerkProvider>
  );
}
