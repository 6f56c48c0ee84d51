"use client";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";

export function SignOutButton() {
  const router = useRouter();
  // redirect: false, then a relative navigation: next-auth's own redirect is built on
  // NEXTAUTH_URL (or localhost:3000), which may not be the origin this page came from.
  async function onClick() {
    await signOut({ redirect: false });
    router.push("/");
    // The header is a server component: refresh re-renders it without the session.
    router.refresh();
  }
  return (
    <button type="button" className="secondary" onClick={() => void onClick()}>
      Sign out
    </button>
  );
}
