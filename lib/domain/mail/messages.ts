// Plain-text mails (no HTML: nothing to escape, nothing to track). Pure.

export function passwordResetMail(input: { username: string; link: string; expiresInMinutes: number }) {
  return {
    subject: "Reset your Builder/Breaker password",
    text: [
      `Someone (hopefully you) asked to reset the password of the account "${input.username}".`,
      "",
      `Open this link within ${input.expiresInMinutes} minutes to choose a new password. It works once:`,
      input.link,
      "",
      "Setting a new password signs the account out on every device.",
      "If you did not ask for this, ignore this mail: your password stays as it is.",
    ].join("\n"),
  };
}

export interface DigestItem {
  message: string;
  debateTitle: string;
  link: string;
  createdAt: Date;
}

export const DIGEST_MAX_ITEMS = 50;

export function digestMail(input: { displayName: string; items: DigestItem[]; notificationsUrl: string; settingsUrl: string }) {
  const shown = input.items.slice(0, DIGEST_MAX_ITEMS);
  const more = input.items.length - shown.length;
  const count = input.items.length;
  return {
    subject: `${count} unread notification${count === 1 ? "" : "s"} on Builder/Breaker`,
    text: [
      `Hello ${input.displayName},`,
      "",
      `You have ${count} unread notification${count === 1 ? "" : "s"}:`,
      "",
      ...shown.flatMap((item) => [`- ${item.debateTitle}: ${item.message}`, `  ${item.link}`]),
      ...(more > 0 ? [`… and ${more} more: ${input.notificationsUrl}`] : []),
      "",
      `All notifications: ${input.notificationsUrl}`,
      `Turn these mails off: ${input.settingsUrl}`,
    ].join("\n"),
  };
}
