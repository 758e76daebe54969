import { AppShell } from "@/components/app-shell";

export default function AnalyticsLoading() {
  return (
    <AppShell current="analytics" email="">
      <div className="page-header">
        <div>
          <h1>Analytics</h1>
          <p className="muted" style={{ margin: 0 }}>
            Loading your usage…
          </p>
        </div>
      </div>
      <div className="stack" aria-busy="true">
        <div className="card skeleton" style={{ height: 96 }} />
        <div className="stat-grid">
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="card skeleton" style={{ height: 112 }} />
          ))}
        </div>
        <div className="card skeleton" style={{ height: 340 }} />
        <div className="card skeleton" style={{ height: 420 }} />
      </div>
    </AppShell>
  );
}
