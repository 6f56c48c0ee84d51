// Golden files: every format of the demo debate. Regenerate with UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXPORT_FILE_INFO, EXPORT_FORMATS } from "@/lib/formats/export";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { exportText } from "./helpers";

const dir = path.resolve(import.meta.dirname, "../../fixtures/formats");
const update = process.env.UPDATE_GOLDEN === "1";

describe("golden files", () => {
  for (const format of EXPORT_FORMATS) {
    const file = path.join(dir, `demo.${EXPORT_FILE_INFO[format].extension}`);
    it(`${format} matches ${path.basename(file)}`, async () => {
      const text = await exportText(demoDocument, format);
      if (update || !existsSync(file)) writeFileSync(file, text);
      expect(text).toBe(readFileSync(file, "utf8"));
    });
  }
});
