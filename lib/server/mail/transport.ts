// Outgoing mail through SMTP_URL (nodemailer). Unset: mail is off and nothing here
// connects anywhere; callers check mailEnabled() first.

import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/server/env";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

let transporter: Transporter | undefined;

export function mailEnabled(): boolean {
  return Boolean(env().SMTP_URL);
}

export async function sendMail(message: MailMessage): Promise<void> {
  const e = env();
  if (!e.SMTP_URL || !e.SMTP_FROM) throw new Error("Mail is not configured (SMTP_URL)");
  // Bounded: a stuck mail server must not hold a request or the digest job for minutes.
  transporter ??= nodemailer.createTransport(e.SMTP_URL, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as never);
  await transporter.sendMail({ from: e.SMTP_FROM, to: message.to, subject: message.subject, text: message.text });
}

/** The public address links in mail point to (required with SMTP_URL, see lib/server/env.ts). */
export function publicBaseUrl(): string {
  const base = env().NEXTAUTH_URL;
  if (!base) throw new Error("NEXTAUTH_URL is required for links in mail");
  return base.replace(/\/+$/, "");
}
