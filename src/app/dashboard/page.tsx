import { redirect } from "next/navigation";

/** The Keys page used to live here ("dashboard" confused people); old links and bookmarks still work. */
export default async function DashboardRedirect({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { welcome } = await searchParams;
  redirect(welcome === "1" ? "/keys?welcome=1" : "/keys");
}
