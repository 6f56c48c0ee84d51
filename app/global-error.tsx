"use client";
import Link from "next/link";

// The last resort when the root layout itself fails: it replaces the whole document.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "3rem auto", maxWidth: 560, padding: "0 1rem" }}>
        <title>Something went wrong · Builder/Breaker</title>
        <h1>Something went wrong</h1>
        <p>The site could not be shown. Try again in a moment.</p>
        {error.digest ? <p>Reference: <code>{error.digest}</code></p> : null}
        <p>
          <button type="button" onClick={() => reset()}>Try again</button> <Link href="/">All debates</Link>
        </p>
      </body>
    </html>
  );
}
