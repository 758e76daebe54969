"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { createContext, useContext, useTransition, type ReactNode } from "react";
import { PARAM } from "./params";

type Changes = Record<string, string | null | undefined>;

interface UrlState {
  /** Current value of a view parameter, falling back to its default. */
  get: (name: string) => string;
  /** Replace parameters in the URL; empty values and defaults are dropped so shared links stay short. */
  update: (changes: Changes) => void;
  pending: boolean;
}

const RANGE: string[] = [PARAM.start, PARAM.end];

const Ctx = createContext<UrlState | null>(null);

export function AnalyticsUrlProvider({
  defaults,
  children,
}: {
  defaults: Record<string, string>;
  children: ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();

  const get = (name: string) => params.get(name) ?? defaults[name] ?? "";
  const update = (changes: Changes) => {
    const next = new URLSearchParams(params.toString());
    for (const [name, value] of Object.entries(changes)) {
      if (!value || (value === defaults[name] && !RANGE.includes(name))) next.delete(name);
      else next.set(name, value);
    }
    // The date range only collapses to the default as a pair: "start alone" would mean something else.
    if (RANGE.every((name) => next.get(name) === defaults[name])) RANGE.forEach((name) => next.delete(name));
    const qs = next.toString();
    startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  };

  return (
    <Ctx.Provider value={{ get, update, pending }}>
      <div className="pending-bar" role="progressbar" aria-label="Updating view" hidden={!pending} />
      {children}
    </Ctx.Provider>
  );
}

export function useAnalyticsUrl(): UrlState {
  const state = useContext(Ctx);
  if (!state) throw new Error("useAnalyticsUrl must be used inside AnalyticsUrlProvider");
  return state;
}

/** Dims its content and marks it busy while a new view is loading. */
export function PendingRegion({ children }: { children: ReactNode }) {
  const { pending } = useAnalyticsUrl();
  return (
    <div className={`stack${pending ? " is-stale" : ""}`} aria-busy={pending}>
      {children}
    </div>
  );
}
