import { apiRoute } from "@/lib/http/route";
import { buildOpenApiDocument } from "@/lib/openapi";

/** Public: the API's description is no secret, and clients generate code from it. */
export const GET = apiRoute({ auth: false }, async () => buildOpenApiDocument());
