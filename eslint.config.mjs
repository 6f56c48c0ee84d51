import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// The layer rule (docs/ARCHITECTURE.md "Layers"), file by file in the editor. The import-graph test
// (tests/unit/architecture/layers.test.ts) checks the same rule across files: relative paths, what
// client components reach through helpers, cycles, and the "server-only" marker.
const SERVER_PACKAGES = ["node:*", "pg", "pg/*", "@prisma/*", "@electric-sql/*", "pglite-prisma-adapter", "next", "next/*", "next-auth", "next-auth/*", "nodemailer", "server-only"];
const layer = (message, groups) => ({ patterns: groups.map((group) => ({ group, message })) });
const PURE = "is pure: rules and formats import only lib/domain (formats: also lib/formats), zod and pure packages";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: ["lib/generated/**", ".next/**", ".next-*/**", "data/**", "node_modules/**", "test-results/**", "playwright-report/**", "bench/results/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Our effects fetch data or reveal a node after navigation; both set state by design.
      "react-hooks/set-state-in-effect": "off",
    },
  },
  {
    files: ["lib/domain/**"],
    rules: {
      "no-restricted-imports": ["error", layer(`lib/domain ${PURE}`, [["@/lib/*", "!@/lib/domain", "../**/server/**", "../**/http/**", ...SERVER_PACKAGES]])],
    },
  },
  {
    files: ["lib/formats/**"],
    rules: {
      "no-restricted-imports": ["error", layer(`lib/formats ${PURE}`, [["@/lib/*", "!@/lib/domain", "!@/lib/formats", ...SERVER_PACKAGES]])],
    },
  },
  {
    files: ["lib/contracts/**", "lib/client/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        layer("contracts and the browser client are pure: lib/domain, lib/formats, lib/contracts, zod", [
          ["@/lib/*", "!@/lib/domain", "!@/lib/formats", "!@/lib/contracts", "!@/lib/client", ...SERVER_PACKAGES],
        ]),
      ],
    },
  },
  {
    files: ["lib/server/**"],
    rules: {
      "no-restricted-imports": ["error", layer("lib/server may not depend on the HTTP layer or the UI", [["@/lib/http/*", "@/app/*"]])],
    },
  },
  {
    files: ["lib/http/**"],
    rules: { "no-restricted-imports": ["error", layer("lib/http may not depend on the UI", [["@/app/*"]])] },
  },
  {
    // Components and their helpers (pages, layouts and route handlers are server code).
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["app/**/page.tsx", "app/**/layout.tsx", "app/**/route.ts", "app/api/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/server/*", "@/lib/http/*", "@/lib/generated/*"],
              allowTypeImports: true,
              message: "components run in the browser: use lib/client and lib/contracts, not server code",
            },
          ],
        },
      ],
    },
  },
];

export default config;
