import { safeEqual } from "@/lib/crypto/compare";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** Vercel Cron sends `Authorization: Bearer <CRON_SECRET>`; anything else is turned away. */
export function verifyCronAuthorization(header: string | null) {
  const secret = getConfig().cron.secret;
  if (!secret) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "The cron endpoint is disabled: CRON_SECRET is not set to a real secret of at least 32 characters.",
    );
  }
  if (!header || !safeEqual(header, `Bearer ${secret}`)) {
    throw new AppError("UNAUTHENTICATED", "Missing or wrong cron secret.");
  }
}
