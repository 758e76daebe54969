/**
 * Property-based fuzzing of every route and server action in the route table
 * (route-matrix/table.ts, each row's `input` schemas), against a copy of
 * the built app: values drawn from each route's own zod schema with hostile values mixed in, signed
 * in, anonymous and with a tampered cookie. For every case: never a 5xx, never a stack trace, a
 * complete answer before the deadline; and /api/health still answers 200 after each route.
 * Sizes and seed: fuzz/profile.ts (`npm run test:fuzz` for the nightly size).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, it, expect } from "vitest";
import {
  actionCaseRequest,
  actionCases,
  describeCase,
  routeCases,
  routeRequest,
  type FuzzCase,
  type FuzzMode,
} from "./fuzz/cases";
import { fuzzProfile } from "./fuzz/profile";
import { ensureSignedIn, killFuzzTarget, startFuzzTarget, type FuzzTarget } from "./fuzz/target";
import { isHealthy, NoAnswer, probe, REQUEST_TIMEOUT_MS, type ProbeRequest, type ProbeResponse } from "./http-probe";
import { readActionIndex } from "./route-matrix/http";
import { FRAMEWORK_ACTIONS, MATRIX, rowName, type MatrixRow } from "./route-matrix/table";

const ROUTES = MATRIX.filter((r) => r.kind === "route");
/** Our actions plus the framework's (anyone may call those: fuzzed as public, without input). */
const ACTIONS: { ref: string; row?: MatrixRow }[] = [
  ...MATRIX.filter((r) => r.kind === "action").map((row) => ({ ref: row.route, row })),
  ...Object.keys(FRAMEWORK_ACTIONS).map((ref) => ({ ref })),
];
const needsSession = (row: MatrixRow) => row.access !== "public" && row.access !== "cron" && row.access !== "metrics";

const profile = fuzzProfile();
let target: FuzzTarget;

beforeAll(async () => {
  console.log(
    `fuzz profile ${profile.name}: seed ${profile.seed}, ${profile.runs} runs per route (${profile.slowRuns} slow)`,
  );
  target = await startFuzzTarget();
}, 180_000);

afterAll(async () => {
  await target?.app.stop();
});

const STACK_TRACE = /\bat \S+ \(\S+:\d+:\d+\)|node_modules[\\/]|webpack-internal:/;

interface Outcome {
  failure?: string;
  wedged: boolean;
}

/**
 * Runs one property over the target. A case that gets no answer while /api/health is down too
 * means the server froze: the remaining shrink steps are skipped (they would all time out) and
 * the case found so far is reported.
 */
interface FuzzRun {
  name: string;
  index: number;
  cases: fc.Arbitrary<FuzzCase>;
  toRequest: (c: FuzzCase) => ProbeRequest;
  slow: boolean;
  /** For endpoints that need a session: did this answer get past authentication? */
  pastAuth?: (res: ProbeResponse) => boolean;
}

async function fuzz({ name, index, cases, toRequest, slow, pastAuth }: FuzzRun): Promise<Outcome> {
  let wedged = false;
  let signedIn = 0;
  let signedInPastAuth = 0;
  // fast-check reports the shrunk case; when its time limit cuts a slow run short it reports
  // nothing, so the first failing case is also kept here.
  let first: string | undefined;
  let inFlight: Promise<void> | undefined;
  const run = async (c: FuzzCase) => {
    if (wedged) return;
    try {
      const res = await probe(target.reader.appUrl, toRequest(c));
      if (c.identity === "signed-in") {
        signedIn++;
        if (pastAuth?.(res)) signedInPastAuth++;
      }
      if (res.status >= 500) throw new Error(`answered ${res.status}: ${res.text.slice(0, 300)}`);
      if (STACK_TRACE.test(res.text))
        throw new Error(`answered ${res.status} with a stack trace: ${res.text.slice(0, 300)}`);
    } catch (e) {
      if (e instanceof NoAnswer && !(await isHealthy(target.reader.appUrl))) wedged = true;
      first ??= `${e instanceof Error ? e.message : String(e)}\n  case: ${describeCase(c)}`;
      throw e;
    }
  };
  const property = fc.asyncProperty(cases, (c) => (inFlight = run(c)));
  const seed = profile.seed + index;
  const details = await fc.check(property, {
    seed,
    numRuns: slow ? profile.slowRuns : profile.runs,
    interruptAfterTimeLimit: timeLimit(),
    markInterruptAsFailure: false,
    timeout: REQUEST_TIMEOUT_MS * 2,
  });
  // The time limit returns while a case may still be waiting for its answer: let it finish.
  await inFlight?.catch(() => undefined);
  const replay = `seed ${seed} (FUZZ_SEED=${profile.seed})`;
  const frozen = wedged ? "\n  the server stopped answering (/api/health too)" : "";
  if (details.failed) {
    const example = details.counterexample ? describeCase(details.counterexample[0]) : "(none)";
    const error =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    return {
      wedged,
      failure:
        `${name}: ${error}\n  case: ${example}\n  ${replay}, path "${details.counterexamplePath ?? ""}", ` +
        `${details.numRuns} runs, ${details.numShrinks} shrinks${frozen}`,
    };
  }
  if (first)
    return { wedged, failure: `${name}: ${first}\n  ${replay} (not shrunk: the time limit ended the run)${frozen}` };
  // A fuzzer whose session died (or whose requests look cross-site) only ever meets the gate: that
  // would pass, and prove nothing.
  if (pastAuth && signedIn > 0 && signedInPastAuth === 0) {
    return {
      wedged,
      failure: `${name}: none of ${signedIn} signed-in cases got past authentication and the request checks`,
    };
  }
  return { wedged };
}

async function check(outcome: Outcome) {
  const problems = outcome.failure ? [outcome.failure] : [];
  if (outcome.wedged || !(await isHealthy(target.reader.appUrl, REQUEST_TIMEOUT_MS))) {
    problems.push("/api/health did not answer 200 after the run");
    // Later routes get a working copy of the app again.
    await killFuzzTarget(target);
    target = await startFuzzTarget();
  }
  if (problems.length) throw new Error(problems.join("\n"));
}

const MODES: FuzzMode[] = ["shaped", "malformed"];
const withModes = <T>(items: T[], name: (t: T) => string) =>
  items
    .flatMap((item) => MODES.map((mode) => [`${name(item)} (${mode})`, item, mode] as const))
    .filter(([full]) => !profile.only || full.includes(profile.only));

const routeRuns = withModes(ROUTES, rowName);
const actionRuns = withModes(ACTIONS, (a) => a.ref.split("#")[1]!);

// A loaded machine gets fewer cases per route, never a run past the budget.
let budgetEnd = 0;
let targetsLeft = routeRuns.length + actionRuns.length;
function timeLimit(): number {
  budgetEnd ||= Date.now() + profile.totalBudgetMs;
  const share = (budgetEnd - Date.now()) / Math.max(1, targetsLeft--);
  return Math.max(1_000, Math.min(profile.timeLimitMs, share));
}

describe("fuzzing every route", () => {
  // Only a FUZZ_ONLY filter may leave this list empty; without one, an empty list is a broken table.
  it.runIf(routeRuns.length === 0)("no route matches FUZZ_ONLY", () => expect(profile.only).toBeTruthy());
  it.each(routeRuns)(
    "%s: no 5xx, no hang, health after",
    async (name, route, mode) => {
      // Reads go to the user with usage rows; writes to the one whose key is fake.
      const world = () => (route.method === "GET" ? target.reader : target.writer);
      await ensureSignedIn(target);
      const outcome = await fuzz({
        name,
        index: ROUTES.indexOf(route) * 2 + MODES.indexOf(mode),
        cases: routeCases(route, world(), mode),
        toRequest: (c) => routeRequest(route, c, world()),
        slow: Boolean(route.slow),
        // 403/415 too: a fuzzer whose requests fail the origin or content-type check tests nothing.
        pastAuth: needsSession(route) ? (res) => ![401, 403, 415].includes(res.status) : undefined,
      });
      await check(outcome);
    },
    300_000,
  );
});

describe("fuzzing every server action", () => {
  it.runIf(actionRuns.length === 0)("no action matches FUZZ_ONLY", () => expect(profile.only).toBeTruthy());
  it.each(actionRuns)(
    "%s: no 5xx, no hang, health after",
    async (name, action, mode) => {
      const built = readActionIndex().get(action.ref);
      if (!built) throw new Error(`${name} is not in the build's server-reference manifest`);
      await ensureSignedIn(target);
      const row = action.row;
      const outcome = await fuzz({
        name,
        index: 100 + ACTIONS.indexOf(action) * 2 + MODES.indexOf(mode),
        cases: actionCases(row?.input, target.writer, mode),
        toRequest: (c) => actionCaseRequest(built, c, target.writer),
        slow: Boolean(row?.slow),
        pastAuth: row && needsSession(row) ? (res) => !/Sign in to use/.test(res.text) : undefined,
      });
      await check(outcome);
    },
    300_000,
  );
});
