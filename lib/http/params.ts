// The path parameters now live with the contracts (lib/contracts); re-exported for older imports.
import "server-only";
export { debateParams, memberParams } from "@/lib/contracts/debates";
export { nodeParams } from "@/lib/contracts/nodes";
