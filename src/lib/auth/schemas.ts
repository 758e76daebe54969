import { z } from "zod";

export const credentialsSchema = z.strictObject({
  email: z
    .string({ error: "email is required" })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "email must be a valid email address" })),
  password: z
    .string({ error: "password is required" })
    .min(10, { error: "password must be at least 10 characters" })
    .max(200, { error: "password must be at most 200 characters" }),
});

export const signInSchema = credentialsSchema.extend({
  // Sign-in must not reveal the sign-up length rule, so any non-empty password is checked.
  password: z.string({ error: "password is required" }).min(1, { error: "password is required" }).max(200),
});

export type Credentials = z.infer<typeof credentialsSchema>;
