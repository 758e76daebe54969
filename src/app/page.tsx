import Link from "next/link";
import { Brand } from "@/components/app-shell";
import { getCurrentUser } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

const FEATURES = [
  {
    title: "No proxy in your traffic",
    body: "CogniTrack reads the providers' own usage and cost APIs. Your requests keep going straight to OpenAI.",
  },
  {
    title: "Every dimension that matters",
    body: "Tokens, cached tokens, requests and spend per day, model, project, API key, person, service tier and batch.",
  },
  {
    title: "Keys stay secret",
    body: "Provider keys are encrypted at rest with AES-256-GCM and only ever shown masked.",
  },
  {
    title: "Exact and repeatable",
    body: "Daily sync, on-demand refresh and history backfill all land in the same deduplicated table: run it twice, count it once.",
  },
];

export default async function LandingPage() {
  const user = await getCurrentUser().catch(() => null);
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
          {/* Spacer only: the landing page has no navigation of its own. */}
          <div className="nav" />
          <div className="user-menu">
            {user ? (
              <Link className="btn btn-primary" href="/analytics">
                Open analytics
              </Link>
            ) : (
              <>
                <Link href="/sign-in">Sign in</Link>
                <Link className="btn btn-primary" href="/sign-up">
                  Get started
                </Link>
              </>
            )}
          </div>
        </div>
      </header>
      <main>
        <section className="hero">
          <div>
            <h1>Know what your team spends on LLM APIs, every day.</h1>
            <p className="lead">
              Connect an OpenAI admin key and CogniTrack pulls usage straight from the provider: tokens, requests and
              spend by model, project, key and person, without touching your traffic.
            </p>
            <div className="row">
              <Link className="btn btn-primary" href={user ? "/analytics" : "/sign-up"}>
                {user ? "Open analytics" : "Create a free account"}
              </Link>
              {!user && <Link href="/sign-in">I already have an account</Link>}
            </div>
          </div>
          <div className="card" aria-hidden="true">
            <p className="small muted">Last 30 days · UTC</p>
            <p style={{ fontSize: "2rem", fontWeight: 700, margin: 0 }}>184.2M tokens</p>
            <p className="muted">across 14 models, 20 projects and 412 API keys</p>
            <svg viewBox="0 0 300 80" width="100%" height="80" role="presentation">
              <polyline
                fill="none"
                stroke="#4f46e5"
                strokeWidth="3"
                points="0,60 25,55 50,58 75,40 100,45 125,30 150,35 175,20 200,28 225,18 250,22 275,10 300,14"
              />
            </svg>
          </div>
        </section>
        <section className="features" aria-label="Features">
          {FEATURES.map((f) => (
            <div className="card" key={f.title}>
              <h2>{f.title}</h2>
              <p className="muted" style={{ margin: 0 }}>
                {f.body}
              </p>
            </div>
          ))}
        </section>
      </main>
    </>
  );
}
