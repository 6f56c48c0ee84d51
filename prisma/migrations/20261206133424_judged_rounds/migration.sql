-- CreateEnum
CREATE TYPE "RoundVerdictKind" AS ENUM ('HOLDS', 'PARTIAL', 'BROKEN');

-- CreateTable
CREATE TABLE "JudgedRound" (
    "id" TEXT NOT NULL,
    "debateId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "rubric" TEXT NOT NULL,
    "openedById" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "finalisedAt" TIMESTAMP(3),

    CONSTRAINT "JudgedRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundJudge" (
    "roundId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "RoundJudge_pkey" PRIMARY KEY ("roundId","userId")
);

-- CreateTable
CREATE TABLE "RoundVerdict" (
    "roundId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "judgeId" TEXT NOT NULL,
    "verdict" "RoundVerdictKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoundVerdict_pkey" PRIMARY KEY ("roundId","nodeId","judgeId")
);

-- CreateIndex
CREATE UNIQUE INDEX "JudgedRound_debateId_number_key" ON "JudgedRound"("debateId", "number");

-- CreateIndex
CREATE INDEX "RoundVerdict_nodeId_idx" ON "RoundVerdict"("nodeId");

-- AddForeignKey
ALTER TABLE "JudgedRound" ADD CONSTRAINT "JudgedRound_debateId_fkey" FOREIGN KEY ("debateId") REFERENCES "Debate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundJudge" ADD CONSTRAINT "RoundJudge_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "JudgedRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundVerdict" ADD CONSTRAINT "RoundVerdict_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "JudgedRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundVerdict" ADD CONSTRAINT "RoundVerdict_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
