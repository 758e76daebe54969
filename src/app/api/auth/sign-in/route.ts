import { signIn } from "@/lib/auth/local-session-routes";
import { signInSchema } from "@/lib/auth/schemas";
import { apiRoute } from "@/lib/http/route";

export const POST = apiRoute({ auth: false, body: signInSchema }, async ({ body, requestId }) =>
  signIn(body, { requestId }),
);
