-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('BREAKS', 'DEGRADES');

-- CreateEnum
CREATE TYPE "BrokenRule" AS ENUM ('ANY_LIVE', 'PLAUSIBILITY_THRESHOLD');

-- AlterTable
ALTER TABLE "Debate" ADD COLUMN     "brokenRule" "BrokenRule" NOT NULL DEFAULT 'ANY_LIVE',
ADD COLUMN     "brokenThreshold" INTEGER NOT NULL DEFAULT 50;

-- CreateTable
CREATE TABLE "CounterexampleClass" (
    "id" TEXT NOT NULL,
    "debateId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CounterexampleClass_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClassMembership" (
    "nodeId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,
    "addedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClassMembership_pkey" PRIMARY KEY ("nodeId")
);

-- CreateTable
CREATE TABLE "PatchClassAnswer" (
    "patchId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,

    CONSTRAINT "PatchClassAnswer_pkey" PRIMARY KEY ("patchId","classId")
);

-- CreateTable
CREATE TABLE "PlausibilityEstimate" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "side" "Side" NOT NULL,
    "plausibility" INTEGER NOT NULL,
    "severity" "Severity" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlausibilityEstimate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CounterexampleClass_debateId_name_key" ON "CounterexampleClass"("debateId", "name");

-- CreateIndex
CREATE INDEX "ClassMembership_classId_idx" ON "ClassMembership"("classId");

-- CreateIndex
CREATE INDEX "PatchClassAnswer_classId_idx" ON "PatchClassAnswer"("classId");

-- CreateIndex
CREATE INDEX "PlausibilityEstimate_nodeId_userId_createdAt_idx" ON "PlausibilityEstimate"("nodeId", "userId", "createdAt");

-- AddForeignKey
ALTER TABLE "CounterexampleClass" ADD CONSTRAINT "CounterexampleClass_debateId_fkey" FOREIGN KEY ("debateId") REFERENCES "Debate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassMembership" ADD CONSTRAINT "ClassMembership_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassMembership" ADD CONSTRAINT "ClassMembership_classId_fkey" FOREIGN KEY ("classId") REFERENCES "CounterexampleClass"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatchClassAnswer" ADD CONSTRAINT "PatchClassAnswer_patchId_fkey" FOREIGN KEY ("patchId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatchClassAnswer" ADD CONSTRAINT "PatchClassAnswer_classId_fkey" FOREIGN KEY ("classId") REFERENCES "CounterexampleClass"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlausibilityEstimate" ADD CONSTRAINT "PlausibilityEstimate_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the ranges the service checks, kept by the database too.
ALTER TABLE "PlausibilityEstimate" ADD CONSTRAINT "PlausibilityEstimate_plausibility_range" CHECK ("plausibility" BETWEEN 0 AND 100);
ALTER TABLE "Debate" ADD CONSTRAINT "Debate_brokenThreshold_range" CHECK ("brokenThreshold" BETWEEN 0 AND 100);
