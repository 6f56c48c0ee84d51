-- CreateTable
CREATE TABLE "CruxEstimate" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "side" "Side" NOT NULL,
    "credence" DOUBLE PRECISION NOT NULL,
    "ifTrue" DOUBLE PRECISION NOT NULL,
    "ifFalse" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CruxEstimate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CruxFollowUp" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "claimTrue" BOOLEAN NOT NULL,
    "credence" DOUBLE PRECISION NOT NULL,
    "confirmed" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CruxFollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DebateSummary" (
    "id" TEXT NOT NULL,
    "debateId" TEXT NOT NULL,
    "versionNumber" INTEGER,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DebateSummary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SummaryEndorsement" (
    "summaryId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "side" "Side" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SummaryEndorsement_pkey" PRIMARY KEY ("summaryId","userId")
);

-- CreateIndex
CREATE INDEX "CruxEstimate_nodeId_userId_createdAt_idx" ON "CruxEstimate"("nodeId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "CruxFollowUp_nodeId_userId_createdAt_idx" ON "CruxFollowUp"("nodeId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "DebateSummary_debateId_createdAt_idx" ON "DebateSummary"("debateId", "createdAt");

-- AddForeignKey
ALTER TABLE "CruxEstimate" ADD CONSTRAINT "CruxEstimate_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CruxFollowUp" ADD CONSTRAINT "CruxFollowUp_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DebateSummary" ADD CONSTRAINT "DebateSummary_debateId_fkey" FOREIGN KEY ("debateId") REFERENCES "Debate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SummaryEndorsement" ADD CONSTRAINT "SummaryEndorsement_summaryId_fkey" FOREIGN KEY ("summaryId") REFERENCES "DebateSummary"("id") ON DELETE CASCADE ON UPDATE CASCADE;
