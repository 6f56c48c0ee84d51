"use client";
import { useSyncExternalStore } from "react";

// The debate page's breakpoints; app/globals.css uses the same widths.
/** Tree and node panel stack; the panel becomes its own view (globals.css: 900px). */
export const NARROW_LAYOUT = "(max-width: 900px)";
/** Phone width: tree rows take two lines so titles stay readable (globals.css: 600px). */
export const PHONE = "(max-width: 600px)";

/** Whether a CSS media query matches, following changes (false while rendering on the server). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
