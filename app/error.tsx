"use client";
import Link from "next/link";
import { useEffect } from "react";

// A page that failed to render. The server logged the error under its digest; the reader
// gets the same reference to quote, a retry, and a way back. Nothing typed is lost: forms
// keep their own state until the page is left.
export default function ErrorBoundary({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    document.title = "Something went wrong · Builder/Breaker";
  }, []);
  return (
    <section className="panel boundary" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">Something went wrong</h1>
      <p>This page could not be shown. Trying again often helps; if it keeps failing, the server&apos;s log has the details.</p>
      {error.digest ? (
        <p className="muted">
          Reference: <code data-testid="error-digest">{error.digest}</code>
        </p>
      ) : null}
      <p className="actions">
        <button type="button" onClick={() => reset()}>Try again</button>
        <Link className="button secondary" href="/">All debates</Link>
      </p>
    </section>
  );
}
