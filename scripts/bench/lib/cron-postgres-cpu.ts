/**
 * CPU time of the PostgreSQL server processes serving one cron invocation, found by the
 * invocation's application_name and read from /proc once a second (a connection the pool closes
 * between two samples loses at most a second). It is the database's share of the cron's cost, which
 * the invocation's own CPU figure leaves out. Only for a server on this machine; null otherwise.
 */
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces): state is the 3rd, utime the 14th, stime the 15th.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return null;
  }
}

export function isLocalServer(databaseUrl: string): boolean {
  const host = new URL(databaseUrl).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

export class BackendCpuSampler {
  private readonly ticks = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly applicationName: string,
  ) {}

  start(intervalMs = 1000) {
    this.timer = setInterval(() => void this.sample().catch(() => {}), intervalMs);
    this.timer.unref();
    return this;
  }

  private async sample() {
    const pids = rowsOf<{ pid: number }>(
      await this.db.execute(sql`select pid from pg_stat_activity
        where datname = current_database() and application_name = ${this.applicationName}`),
    );
    for (const { pid } of pids) {
      const t = cpuTicks(Number(pid));
      if (t !== null) this.ticks.set(Number(pid), t);
    }
  }

  /** Seconds of server CPU seen across the invocation's connections. */
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    await this.sample().catch(() => {});
    return [...this.ticks.values()].reduce((a, b) => a + b, 0) / TICKS_PER_SECOND;
  }
}
