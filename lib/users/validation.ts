import { z } from "zod";

// Client-importable: the sign-up form shows these messages next to the fields.

const COMMON_PASSWORDS = new Set([
  "password", "password1", "password123", "123456789", "1234567890", "12345678910", "qwertyuiop",
  "iloveyou123", "letmein123", "welcome123", "administrator", "passw0rd123", "abc123456789",
  "qwerty123456", "football123", "baseball123", "11111111111", "000000000000", "changeme123",
]);

export const usernameSchema = z
  .string({ error: "Username is required" })
  .trim()
  .min(3, "Username must be at least 3 characters")
  .max(32, "Username must be at most 32 characters")
  .regex(/^[a-zA-Z0-9_-]+$/, "Username may contain only letters, digits, _ and -")
  // Stored lowercase so the unique index also rules out names differing only in case.
  .transform((v) => v.toLowerCase());

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "Display name is required")
  .max(80, "Display name must be at most 80 characters")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "Display name may not contain control characters");

export const emailSchema = z.email("Enter a valid email address").max(254, "Email is too long");

export const passwordSchema = z
  .string({ error: "Password is required" })
  .min(10, "Password must be at least 10 characters")
  .max(200, "Password must be at most 200 characters")
  .refine((v) => new Set(v).size >= 5, "Password is too repetitive: use at least 5 different characters")
  .refine((v) => !COMMON_PASSWORDS.has(v.toLowerCase()), "This password is too common");

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
  login: z.string().trim().min(1, "Enter your username or email").max(254),
  password: z.string().min(1, "Enter your password").max(200),
});

export const updateProfileSchema = z.object({ displayName: displayNameSchema });

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "Name the token").max(60, "Token name must be at most 60 characters"),
});

export const deleteAccountSchema = z.object({
  /** Required for accounts with a password; OAuth-only accounts have none to give. */
  password: z.string().max(200).optional(),
  /** Also remove the moves nothing else depends on (docs/permissions.md, "Deleting an account"). */
  removeMoves: z.boolean().default(false),
});

export type DeleteAccountInput = z.infer<typeof deleteAccountSchema>;
