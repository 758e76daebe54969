export { buildOpenApiDocument, openApiPath, type OpenApiDocument } from "./document";
export { API_OPERATIONS } from "./operations";
export type { ApiOperation, DocumentedResponse, HttpMethod } from "./types";

import { API_OPERATIONS } from "./operations";
import type { DocumentedResponse } from "./types";

/** The documented success response of a route, for the tests that check routes answer as documented. */
export function documentedResponse(method: string, route: string, status: number): DocumentedResponse | null {
  const op = API_OPERATIONS.find((o) => o.method === method.toUpperCase() && o.path === route);
  return op?.responses[status] ?? null;
}
