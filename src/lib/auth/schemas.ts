import { z } from "zod";
import { safeText } from "@/lib/text/safe-text";

// Passwords keep their spaces, but not control characters or broken Unicode: a lone surrogate
// becomes U+FFFD in UTF-8, so two different passwords would hash the same.
const password = (min: number, minMessage: string) =>
  safeText({ field: "password", max: 200, trim: false }).min(min, { error: minMessage });

export const credentialsSchema = z.strictObject({
  email: safeText({ field: "email", max: 320 })
    .toLowerCase()
    .pipe(z.email({ error: "email must be a valid email address" })),
  password: password(10, "password must be at least 10 characters"),
});

export const signInSchema = credentialsSchema.extend({
  // Sign-in must not reveal the sign-up length rule, so any non-empty password is checked.
  password: password(1, "password is required"),
});

export type Credentials = z.infer<typeof credentialsSchema>;
