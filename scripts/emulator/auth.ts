// Bearer-key authentication, OpenAI style: unknown key 401 (key masked in the message), standard
// key on an admin endpoint 403, OpenAI-Organization / OpenAI-Project headers must match the key.

import type { IncomingHttpHeaders } from "node:http";
import { errors, type EmulatorResponse } from "./http-util";
import type { Credential } from "./types";

export function bearerKey(headers: IncomingHttpHeaders): string | null {
  const value = headers.authorization;
  if (!value) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : null;
}

export function authenticate(
  key: string | null,
  headers: IncomingHttpHeaders,
  credentials: ReadonlyMap<string, Credential>,
  needs: "admin" | "any",
): Credential | EmulatorResponse {
  if (key === null) return errors.missingKey();
  const credential = credentials.get(key);
  if (!credential) return errors.invalidKey(key);
  const orgHeader = headers["openai-organization"];
  if (typeof orgHeader === "string" && orgHeader !== "" && orgHeader !== credential.orgId)
    return errors.mismatchedOrg();
  const projectHeader = headers["openai-project"];
  if (
    credential.kind === "standard" &&
    typeof projectHeader === "string" &&
    projectHeader !== "" &&
    projectHeader !== credential.projectId
  ) {
    return {
      status: 401,
      body: {
        error: {
          message: "OpenAI-Project header should match project for API key",
          type: "invalid_request_error",
          param: null,
          code: "mismatched_project",
        },
      },
    };
  }
  if (needs === "admin" && credential.kind !== "admin") return errors.insufficientPermissions();
  return credential;
}
