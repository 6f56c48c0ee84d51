import * as accounts from "@/lib/contracts/accounts";
import * as debates from "@/lib/contracts/debates";
import * as nodes from "@/lib/contracts/nodes";
import * as empirical from "@/lib/contracts/empirical";
import * as transfer from "@/lib/contracts/transfer";
import * as live from "@/lib/contracts/live";
import * as rounds from "@/lib/contracts/rounds";
import * as classes from "@/lib/contracts/classes";
import * as links from "@/lib/contracts/links";
import * as cruxes from "@/lib/contracts/cruxes";
import type { Contract } from "@/lib/contracts/define";

// Every /api/v1 endpoint's contract, in the order the OpenAPI document lists them.

function contractsOf(module: Record<string, unknown>): Contract[] {
  return Object.values(module).filter((v): v is Contract => typeof v === "object" && v !== null && "operationId" in v && "method" in v);
}

export const allContracts: readonly Contract[] = [accounts, debates, nodes, links, empirical, rounds, live, transfer, classes, cruxes].flatMap(contractsOf);

export { accounts, debates, nodes, links, empirical, rounds, transfer, live, classes, cruxes };
export type { Contract } from "@/lib/contracts/define";
