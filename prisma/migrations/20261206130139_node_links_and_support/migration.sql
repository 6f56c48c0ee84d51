-- CreateEnum
CREATE TYPE "LinkType" AS ENUM ('SUPPORTS', 'ATTACKS', 'SAME_CLAIM', 'SEE_ALSO', 'DUPLICATE_OF');

-- AlterEnum
ALTER TYPE "NodeKind" ADD VALUE 'SUPPORT';

-- CreateTable
CREATE TABLE "NodeLink" (
    "id" TEXT NOT NULL,
    "debateId" TEXT NOT NULL,
    "fromNodeId" TEXT NOT NULL,
    "toNodeId" TEXT NOT NULL,
    "type" "LinkType" NOT NULL,
    "authorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NodeLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NodeLink_debateId_idx" ON "NodeLink"("debateId");

-- CreateIndex
CREATE INDEX "NodeLink_toNodeId_idx" ON "NodeLink"("toNodeId");

-- CreateIndex
CREATE UNIQUE INDEX "NodeLink_fromNodeId_toNodeId_type_key" ON "NodeLink"("fromNodeId", "toNodeId", "type");

-- AddForeignKey
ALTER TABLE "NodeLink" ADD CONSTRAINT "NodeLink_debateId_fkey" FOREIGN KEY ("debateId") REFERENCES "Debate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodeLink" ADD CONSTRAINT "NodeLink_fromNodeId_fkey" FOREIGN KEY ("fromNodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodeLink" ADD CONSTRAINT "NodeLink_toNodeId_fkey" FOREIGN KEY ("toNodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodeLink" ADD CONSTRAINT "NodeLink_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A node cannot link to itself (the API answers 400 first; this keeps imports and scripts honest too).
ALTER TABLE "NodeLink" ADD CONSTRAINT "NodeLink_not_self" CHECK ("fromNodeId" <> "toNodeId");
