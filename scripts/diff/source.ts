/**
 * Where `usage:diff` reads the stored figures: the database (opened by this CLI), or the running
 * app's GET /api/usage/parity with an API token while the app holds the embedded database. Both
 * answer with the same shape from the same src/lib reader, so the report does not depend on the way.
 */
import type { Db } from "@/db/types";
import { readParityData } from "@/lib/usage/parity";
import { parityResponseSchema, type ParityData, type ParityQuery } from "@/lib/usage/parity-schemas";
import { callApp, type ApiNeed, type ApiTarget } from "../lib/app-api";
import { CliFailure, UsageError } from "../lib/runtime";
import { resolveDiffOrg } from "./stored";

export interface Who {
  org?: string;
  user?: string;
}

export interface StoredSource {
  /** "the database" or "the app at http://...", for messages. */
  where: string;
  read(who: Who, query: ParityQuery): Promise<ParityData>;
}

export function databaseSource(db: Db): StoredSource {
  return {
    where: "the database",
    read: async (who, query) => readParityData(db, await resolveDiffOrg(db, who), query),
  };
}

export const READ_USAGE: ApiNeed = { scope: "usage:read", path: "/api/usage/parity", action: "read usage" };
/** Billed cost is reconciliation money: the token needs costs:read too. */
export const READ_COSTS: ApiNeed = { scope: "costs:read", path: "/api/usage/parity", action: "read billed costs" };

/** The token's own organization; --org must name it (by name or id), --user cannot apply. */
export function appSource(target: ApiTarget, options: { fetch?: typeof fetch } = {}): StoredSource {
  return {
    where: `the app at ${target.appUrl}`,
    read: async (who, query) => {
      if (who.user) {
        throw new UsageError(
          "--user cannot be used through the app: the API token's own organization is compared (leave --user out, or use a token of that user's organization)",
        );
      }
      const params = new URLSearchParams(query).toString();
      const answer = await callApp(
        target,
        { method: "GET", pathAndQuery: `${READ_USAGE.path}?${params}` },
        query.grain === "costs" ? READ_COSTS : READ_USAGE,
        options,
      );
      if (!answer.ok) throw new CliFailure(answer.error);
      const parsed = parityResponseSchema.safeParse(answer.body);
      if (!parsed.success || parsed.data.grain !== query.grain || parsed.data.provider !== query.provider) {
        throw new CliFailure(
          `the app at ${target.appUrl} answered 200 but not with stored usage figures; is it a CogniTrack of this version?`,
        );
      }
      const { org } = parsed.data;
      if (who.org && who.org !== org.id && who.org.toLowerCase() !== org.name.toLowerCase()) {
        throw new UsageError(
          `--org "${who.org}" is not the API token's organization (${org.name}); through the app a token reads its own organization only (leave --org out, or use a token of "${who.org}")`,
        );
      }
      return parsed.data;
    },
  };
}
