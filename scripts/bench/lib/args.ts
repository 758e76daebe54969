/**
 * Options every harness shares: the generated organization (the emulator's DatasetOptions) and the
 * database to use. Each bench adds its own options and reads them with `int`.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { epochDay, todayEpochDay } from "@/lib/dates";
import { checkDate } from "../../backfill/args";
import type { DatasetOptions } from "../../emulator/dataset";
import { UsageError } from "../../lib/runtime";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseBenchArgs(argv: string[], extra: Options, defaults: { endDate: string }) {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        projects: { type: "string", default: "20" },
        "api-keys": { type: "string", default: "50" },
        models: { type: "string", default: "15" },
        users: { type: "string", default: "40" },
        days: { type: "string", default: "365" },
        density: { type: "string", default: "0.17" },
        seed: { type: "string", default: "42" },
        "end-date": { type: "string", default: defaults.endDate },
        "database-url": { type: "string" },
        "in-place": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
        ...extra,
      },
    }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const int = (name: string, min = 1) => {
    const raw = String(values[name]);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min} (got "${raw}")`);
    return n;
  };
  const density = Number(values.density);
  if (!(density > 0 && density <= 1)) throw new UsageError(`--density must be in (0, 1] (got "${values.density}")`);
  const endDate = checkDate(String(values["end-date"]), "--end-date")!;
  if (epochDay(endDate) > todayEpochDay()) throw new UsageError("--end-date must not be in the future");
  const dataset: DatasetOptions = {
    seed: int("seed", 0),
    organizations: 1,
    projects: int("projects"),
    apiKeysPerProject: int("api-keys"),
    users: int("users"),
    models: int("models"),
    days: int("days"),
    endDate,
    density,
  };
  return {
    values,
    int,
    help: Boolean(values.help),
    dataset,
    databaseUrl: values["database-url"] as string | undefined,
    inPlace: Boolean(values["in-place"]),
  };
}
