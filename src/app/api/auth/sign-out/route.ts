import { signOut } from "@/lib/auth/local-session-routes";
import { apiRoute } from "@/lib/http/route";

export const POST = apiRoute({ auth: false }, async () => signOut());
