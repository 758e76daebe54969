import { NextResponse } from "next/server";
import { healthStatus } from "@/lib/health/status";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ auth: false, schemaGate: false }, async () => {
  const health = await healthStatus();
  return NextResponse.json(health, { status: health.status === "error" ? 503 : 200 });
});
