import { z } from "zod";
import { safeText } from "@/lib/domain/text";

// Client-importable: the sign-up form shows these messages next to the fields.
// The common-password and guessability check runs on the server only
// (lib/domain/users/password-strength.ts: its dictionaries are too big for the browser).

export const usernameSchema = z
  .string({ error: "Username is required" })
  .trim()
  .min(3, "Username must be at least 3 characters")
  .max(32, "Username must be at most 32 characters")
  .regex(/^[a-zA-Z0-9_-]+$/, "Username may contain only letters, digits, _ and -")
  // Stored lowercase so the unique index also rules out names differing only in case.
  .transform((v) => v.toLowerCase());

export const displayNameSchema = safeText({ identifier: true })
  .trim()
  .min(1, "Display name is required")
  .max(80, "Display name must be at most 80 characters");

export const emailSchema = z.email("Enter a valid email address").max(254, "Email is too long");

export const passwordSchema = z
  .string({ error: "Password is required" })
  .min(10, "Password must be at least 10 characters")
  .max(200, "Password must be at most 200 characters")
  .refine((v) => new Set(v).size >= 5, "Password is too repetitive: use at least 5 different characters");

export const signUpSchema = z
  .object({
    username: usernameSchema,
    email: z
      .string()
      .trim()
      .transform((v) => (v === "" ? undefined : v))
      .pipe(emailSchema.optional())
      .optional(),
    displayName: z
      .string()
      .trim()
      .transform((v) => (v === "" ? undefined : v))
      .pipe(displayNameSchema.optional())
      .optional(),
    password: passwordSchema,
  })
  .refine((v) => !v.password.toLowerCase().includes(v.username.toLowerCase()), {
    message: "Password must not contain your username",
    path: ["password"],
  });

export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  login: safeText().trim().min(1, "Enter your username or email").max(254),
  password: z.string().min(1, "Enter your password").max(200),
});

export const updateProfileSchema = z.object({ displayName: displayNameSchema });

export const createTokenSchema = z.object({
  name: safeText().trim().min(1, "Name the token").max(60, "Token name must be at most 60 characters"),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200),
  newPassword: passwordSchema,
});

/** A one-time reset secret from a link (`/reset-password?token=…`). */
export const resetTokenSchema = z
  .string()
  .trim()
  .min(20, "This reset link is incomplete")
  .max(100, "This reset link is malformed")
  .regex(/^[A-Za-z0-9_-]+$/, "This reset link is malformed");

export const resetPasswordSchema = z.object({ token: resetTokenSchema, password: passwordSchema });

export const forgotPasswordSchema = z.object({
  login: safeText({ error: "Enter your username or email" }).trim().min(1, "Enter your username or email").max(254),
});

export const notificationSettingsSchema = z.object({ emailDigest: z.boolean() });

export const deleteAccountSchema = z.object({
  /** Required for accounts with a password; OAuth-only accounts have none to give. */
  password: z.string().max(200).optional(),
  /** Also remove the moves nothing else depends on (docs/permissions.md, "Deleting an account"). */
  removeMoves: z.boolean().default(false),
});

export type DeleteAccountInput = z.infer<typeof deleteAccountSchema>;
