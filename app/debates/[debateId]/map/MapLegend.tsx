"use client";
import { MAP_STANDING_LABELS, MAP_STANDING_MEANINGS, type MapStanding } from "@/lib/domain/debate/map-standing";
import { LINK_TYPE_LABELS, LINK_TYPES, SIDE_LABELS, SIDES, type LinkType } from "@/lib/domain/vocabulary";
import { PHONE, useMediaQuery } from "../media";
import styles from "./map.module.css";

/** The link's label on the line: the vocabulary's, in lower case ("supports", "duplicate of"). */
export const linkLabel = (type: LinkType) => LINK_TYPE_LABELS[type].toLowerCase();

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
          <svg width="34" height="16" aria-hidden className={styles.faded}>
            <rect x="1" y="1" width="32" height="14" rx="3" className={styles.box} />
            <rect x="1" y="1" width="4" height="14" rx="2" className={`${styles.sideBar} ${styles.sideBUILDER}`} />
          </svg>{" "}
          faded: inside a pruned branch (“Show pruned branches” opens them)
        </li>
      </ul>
      <ul className={styles.legendList} aria-label="Lines">
        <li>
          <svg width="34" height="10" aria-hidden><path d="M 0 5 L 34 5" className={styles.edge} /></svg> reply (the tree)
        </li>
        {LINK_TYPES.map((t) => (
          <li key={t}>
            <svg width="34" height="10" aria-hidden><path d="M 0 5 L 34 5" className={`${styles.link} ${styles[`link${t}`]}`} /></svg> cross-link: {linkLabel(t)}
          </li>
        ))}
        {hasLinks ? null : <li className="muted">No cross-links in this debate yet.</li>}
      </ul>
    </details>
  );
}
