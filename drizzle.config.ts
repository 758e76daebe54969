import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema and applied by `npm run db:migrate` (or automatically
// on first start of the embedded database); drizzle-kit itself never connects anywhere.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./drizzle",
});
