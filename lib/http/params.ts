import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/domain/debate/validation";

export const debateParams = z.object({ debateId: idSchema });
export const nodeParams = z.object({ debateId: idSchema, nodeId: idSchema });
export const memberParams = z.object({ debateId: idSchema, userId: idSchema });
