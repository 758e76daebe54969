import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { CROSS_SITE_MESSAGE, crossSiteRefusal, originFactsOf } from "./origin";

/** Throws FORBIDDEN for a state-changing request from another site (see ./origin.ts). */
export function assertSameOrigin(req: Request, requestId: string): void {
  const { publicOrigin } = getConfig();
  const reason = crossSiteRefusal(originFactsOf(req), publicOrigin ? [publicOrigin] : []);
  if (reason === null) return;
  logger.warn("cross-site request refused", {
    requestId,
    method: req.method,
    path: new URL(req.url).pathname,
    origin: req.headers.get("origin")?.slice(0, 200) ?? null,
    reason,
  });
  throw new AppError("FORBIDDEN", CROSS_SITE_MESSAGE);
}
