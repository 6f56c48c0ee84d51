"use client";
import type { MapLinkType } from "@/lib/domain/debate/map-layout";
import { MAP_STANDING_LABELS, MAP_STANDING_MEANINGS, type MapStanding } from "@/lib/domain/debate/map-standing";
import { SIDE_LABELS, SIDES } from "@/lib/domain/vocabulary";
import { PHONE, useMediaQuery } from "../media";
import styles from "./map.module.css";

export const LINK_LABELS: Readonly<Record<MapLinkType, string>> = {
  SUPPORTS: "supports",
  ATTACKS: "attacks",
  SAME_CLAIM: "same claim",
  SEE_ALSO: "see also",
  DUPLICATE_OF: "duplicate of",
};

const STANDINGS: MapStanding[] = ["live", "answered", "stands", "broken", "accepted", "resolved", "pruned", "retracted"];

/** What the map's colours, badges and lines mean: one meaning per colour. */
export function MapLegend({ hasLinks }: { hasLinks: boolean }) {
  // Open beside the map on a wide screen; one tap away on a phone, where it would push the map off.
  const phone = useMediaQuery(PHONE);
  return (
    <details className={styles.legend} open={phone ? undefined : true}>
      <summary>Legend</summary>
      <ul className={styles.legendList} aria-label="Sides">
        {SIDES.map((side) => (
          <li key={side}>
            <span className={`${styles.swatch} ${styles[`side${side}`]}`} aria-hidden /> {SIDE_LABELS[side]}’s move (bar and kind)
          </li>
        ))}
      </ul>
      <ul className={styles.legendList} aria-label="Standing">
        {STANDINGS.map((s) => (
          <li key={s} title={MAP_STANDING_MEANINGS[s]}>
            <span className={`${styles.legendPill} ${styles[`pill-${s}`]}`}>{MAP_STANDING_LABELS[s]}</span> {MAP_STANDING_MEANINGS[s]}
          </li>
        ))}
        <li>
          <span className={styles.legendFaded} aria-hidden>faded</span> inside a pruned branch (“Show pruned branches” opens them)
        </li>
      </ul>
      <ul className={styles.legendList} aria-label="Lines">
        <li>
          <svg width="34" height="10" aria-hidden><path d="M 0 5 L 34 5" className={styles.edge} /></svg> reply (the tree)
        </li>
        {(Object.keys(LINK_LABELS) as MapLinkType[]).map((t) => (
          <li key={t}>
            <svg width="34" height="10" aria-hidden><path d="M 0 5 L 34 5" className={`${styles.link} ${styles[`link${t}`]}`} /></svg> cross-link: {LINK_LABELS[t]}
          </li>
        ))}
        {hasLinks ? null : <li className="muted">No cross-links in this debate yet.</li>}
      </ul>
    </details>
  );
}
