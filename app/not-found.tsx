import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found", robots: { index: false } };

// Private debates answer 404 to outsiders, so the page cannot say which case it is.
export default function NotFound() {
  return (
    <section className="panel boundary" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Nothing here</h1>
      <p>This page does not exist, or it belongs to a debate that is not shared with you.</p>
      <p className="muted">If someone sent you an invite link, open the whole link, including the part after <code>?invite=</code>.</p>
      <p className="actions">
        <Link className="button" href="/">All debates</Link>
        <Link className="button secondary" href="/signin">Sign in</Link>
      </p>
    </section>
  );
}
