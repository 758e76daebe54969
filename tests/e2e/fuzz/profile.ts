/**
 * How much fuzzing a run does. CI: a fixed seed and a small budget (the whole file well under two
 * minutes). `npm run test:fuzz`: the nightly size, a new seed each run unless FUZZ_SEED pins one.
 *   FUZZ_PROFILE=nightly  many more runs per route and a longer time budget
 *   FUZZ_SEED=<int>       replay a run (the seed is printed on every failure)
 *   FUZZ_RUNS=<int>       runs per route (slow routes get a quarter)
 *   FUZZ_ONLY=<text>      only the routes/actions whose name contains it, e.g. "GET /api/usage"
 */
export interface FuzzProfile {
  name: "ci" | "nightly";
  seed: number;
  runs: number;
  slowRuns: number;
  /** Per route or action: stop generating new cases after this long (not a failure). */
  timeLimitMs: number;
  /** All routes and actions together: later ones get a share of what is left. */
  totalBudgetMs: number;
  only?: string;
}

const CI_SEED = 0x8d_2026;

function intFrom(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`expected an integer, got ${JSON.stringify(value)}`);
  return n;
}

export function fuzzProfile(vars: Record<string, string | undefined> = process.env): FuzzProfile {
  const nightly = vars.FUZZ_PROFILE === "nightly";
  const runs = intFrom(vars.FUZZ_RUNS) ?? (nightly ? 1_000 : 120);
  return {
    name: nightly ? "nightly" : "ci",
    seed: intFrom(vars.FUZZ_SEED) ?? (nightly ? Date.now() % 2 ** 31 : CI_SEED),
    runs,
    slowRuns: Math.max(5, Math.ceil(runs / 3)),
    timeLimitMs: nightly ? 15 * 60_000 : 6_000,
    totalBudgetMs: nightly ? 8 * 3600_000 : 90_000,
    only: vars.FUZZ_ONLY || undefined,
  };
}
