import { sanitizeNextPageCursor } from "@/lib/providers/next-page";

/** OpenAI's `next_page` rule: a cursor, or a URL on the base URL's origin and path (see ../next-page.ts). */
export function sanitizeNextPage(nextPage: unknown, baseUrl: string): string {
  return sanitizeNextPageCursor(nextPage, baseUrl, "OpenAI");
}
