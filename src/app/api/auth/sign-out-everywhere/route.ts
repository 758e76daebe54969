import { signOutEverywhere } from "@/lib/auth/sign-out-everywhere";
import { apiRoute } from "@/lib/http/route";

export const POST = apiRoute({}, async ({ user }) => signOutEverywhere(user));
