import { z } from "zod";

export const accountIdSchema = z.strictObject({
  id: z.uuid({ error: "account id must be a UUID" }),
});

export const deleteAccountSchema = z.strictObject({
  confirm: z.string({ error: "confirm is required: type the account's label" }).max(200),
});
