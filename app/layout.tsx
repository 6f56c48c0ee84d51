import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
// KaTeX's stylesheet and fonts are bundled and served from our own origin (CSP font-src 'self').
import "katex/dist/katex.min.css";
import "./globals.css";
import { sessionActor } from "@/lib/http/actor";
import { NotificationsLink } from "@/app/components/NotificationsLink";
import { SignOutButton } from "@/app/components/SignOutButton";
import { unreadNotificationCount } from "@/lib/server/notifications/service";

// Every page, the 404 page included, renders per request: the CSP nonce proxy.ts
// makes for each request can only reach the scripts of a page rendered for it.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Builder/Breaker", template: "%s · Builder/Breaker" },
  description: "Structured debates: proposals, counterexamples, patches, pruning, empirical cruxes.",
  applicationName: "Builder/Breaker",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await sessionActor().catch(() => null);
  const unread = actor ? await unreadNotificationCount(actor.id).catch(() => 0) : 0;
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <nav aria-label="Main">
            <Link href="/" className="brand">Builder/Breaker</Link>
            <Link href="/">Debates</Link>
            {actor ? (
              <span className="nav-wide">
                <Link href="/debates/new">New debate</Link>
                <Link href="/revisit">Revisit</Link>
                <Link href="/agenda">Research agenda</Link>
                <Link href="/import">Import</Link>
              </span>
            ) : null}
            <span className="spacer" />
            {actor ? (
              <>
                <NotificationsLink initialUnread={unread} />
                <span className="nav-wide">
                  <Link href="/settings" data-testid="current-user">{actor.displayName}</Link>
                  <SignOutButton />
                </span>
                {/* Phone width: the same links in a menu, so the header keeps to two rows. */}
                <details className="nav-menu">
                  <summary>Menu</summary>
                  <div className="nav-menu-list">
                    <Link href="/debates/new">New debate</Link>
                    <Link href="/revisit">Revisit</Link>
                    <Link href="/agenda">Research agenda</Link>
                    <Link href="/import">Import</Link>
                    <Link href="/settings">Settings ({actor.displayName})</Link>
                    <SignOutButton />
                  </div>
                </details>
              </>
            ) : (
              <>
                <Link href="/signin">Sign in</Link>
                <Link href="/signup">Sign up</Link>
              </>
            )}
          </nav>
        </header>
        <main>{children}</main>
        <footer className="site-footer">
          {/* A plain link: the reference is a document of its own (app/docs/api/route.ts), not a client route. */}
          <a href="/docs/api">API reference</a>
        </footer>
      </body>
    </html>
  );
}
