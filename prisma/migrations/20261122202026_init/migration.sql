-- CreateEnum
CREATE TYPE "Visibility" AS ENUM ('PUBLIC', 'UNLISTED', 'PRIVATE');

-- CreateEnum
CREATE TYPE "PlayMode" AS ENUM ('OPEN', 'STRICT');

-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('OWNER', 'MODERATOR', 'MEMBER');

-- CreateEnum
CREATE TYPE "Side" AS ENUM ('BUILDER', 'BREAKER', 'OBSERVER');

-- CreateEnum
CREATE TYPE "NodeKind" AS ENUM ('PROPOSAL', 'COUNTEREXAMPLE', 'PATCH', 'REBUTTAL', 'QUESTION', 'COMMENT');

-- CreateEnum
CREATE TYPE "ResolutionMode" AS ENUM ('ARGUMENTATIVE', 'EMPIRICAL', 'OUT_OF_SCOPE');

-- CreateEnum
CREATE TYPE "Outcome" AS ENUM ('SUPPORTED', 'REFUTED', 'INCONCLUSIVE');

-- CreateEnum
CREATE TYPE "PruneAction" AS ENUM ('PRUNE', 'REOPEN');

-- CreateEnum
CREATE TYPE "PruneCategory" AS ENUM ('UNPROMISING', 'ANSWERED_ELSEWHERE', 'DUPLICATE', 'OUT_OF_SCOPE', 'CONCEDED', 'REFUTED');

-- CreateEnum
CREATE TYPE "ExperimentStatus" AS ENUM ('PROPOSED', 'RUNNING', 'RESOLVED', 'INCONCLUSIVE', 'ABANDONED');

-- CreateEnum
CREATE TYPE "ResolutionAction" AS ENUM ('RESOLVE', 'DISPUTE', 'REOPEN');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthAccount" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "resetAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "InstanceSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstanceSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Debate" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "context" TEXT NOT NULL DEFAULT '',
    "links" JSONB NOT NULL DEFAULT '[]',
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "playMode" "PlayMode" NOT NULL DEFAULT 'OPEN',
    "ownerId" TEXT NOT NULL,
    "inviteCode" TEXT NOT NULL,
    "rootNodeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastMoveAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedAt" TIMESTAMP(3),

    CONSTRAINT "Debate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL,
    "debateId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL DEFAULT 'MEMBER',
    "side" "Side" NOT NULL DEFAULT 'OBSERVER',
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleChange" (
    "id" TEXT NOT NULL,
    "debateId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "fromSide" "Side",
    "toSide" "Side" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL,
    "debateId" TEXT NOT NULL,
    "parentId" TEXT,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "kind" "NodeKind" NOT NULL,
    "side" "Side" NOT NULL,
    "authorId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "quoteText" TEXT,
    "quoteStart" INTEGER,
    "quoteEnd" INTEGER,
    "targetVersions" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "answersNodeIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "retractedAt" TIMESTAMP(3),
    "prunedAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "acceptedById" TEXT,
    "resolutionMode" "ResolutionMode" NOT NULL DEFAULT 'ARGUMENTATIVE',
    "outcome" "Outcome",
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Node_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProposalVersion" (
    "id" TEXT NOT NULL,
    "debateId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProposalVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NodeRevision" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "editorId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NodeRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PruneEvent" (
    "id" TEXT NOT NULL,
    "debateId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" "PruneAction" NOT NULL,
    "category" "PruneCategory",
    "reason" TEXT NOT NULL,
    "promise" INTEGER,
    "duplicateOf" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PruneEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BranchEstimate" (
    "nodeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "promise" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BranchEstimate_pkey" PRIMARY KEY ("nodeId","userId")
);

-- CreateTable
CREATE TABLE "ExperimentCard" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "supportIf" TEXT NOT NULL,
    "refuteIf" TEXT NOT NULL,
    "ownerId" TEXT,
    "status" "ExperimentStatus" NOT NULL DEFAULT 'PROPOSED',
    "links" JSONB NOT NULL DEFAULT '[]',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExperimentCard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "side" "Side" NOT NULL,
    "probability" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Prediction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResolutionEvent" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" "ResolutionAction" NOT NULL,
    "outcome" "Outcome",
    "summary" TEXT NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResolutionEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CruxMark" (
    "nodeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "side" "Side" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CruxMark_pkey" PRIMARY KEY ("nodeId","userId")
);

-- CreateTable
CREATE TABLE "DebateEvent" (
    "seq" BIGSERIAL NOT NULL,
    "debateId" TEXT NOT NULL,
    "actorId" TEXT,
    "type" TEXT NOT NULL,
    "nodeId" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DebateEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "debateId" TEXT NOT NULL,
    "eventSeq" BIGINT NOT NULL,
    "type" TEXT NOT NULL,
    "nodeId" TEXT,
    "message" TEXT NOT NULL,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "OAuthAccount_userId_idx" ON "OAuthAccount"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthAccount_provider_providerAccountId_key" ON "OAuthAccount"("provider", "providerAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Debate_inviteCode_key" ON "Debate"("inviteCode");

-- CreateIndex
CREATE UNIQUE INDEX "Debate_rootNodeId_key" ON "Debate"("rootNodeId");

-- CreateIndex
CREATE INDEX "Debate_visibility_lastMoveAt_idx" ON "Debate"("visibility", "lastMoveAt");

-- CreateIndex
CREATE INDEX "Debate_ownerId_idx" ON "Debate"("ownerId");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_debateId_userId_key" ON "Membership"("debateId", "userId");

-- CreateIndex
CREATE INDEX "RoleChange_debateId_userId_idx" ON "RoleChange"("debateId", "userId");

-- CreateIndex
CREATE INDEX "Node_debateId_createdAt_idx" ON "Node"("debateId", "createdAt");

-- CreateIndex
CREATE INDEX "Node_parentId_idx" ON "Node"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalVersion_nodeId_key" ON "ProposalVersion"("nodeId");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalVersion_debateId_number_key" ON "ProposalVersion"("debateId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "NodeRevision_nodeId_revision_key" ON "NodeRevision"("nodeId", "revision");

-- CreateIndex
CREATE INDEX "PruneEvent_nodeId_createdAt_idx" ON "PruneEvent"("nodeId", "createdAt");

-- CreateIndex
CREATE INDEX "PruneEvent_debateId_idx" ON "PruneEvent"("debateId");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentCard_nodeId_key" ON "ExperimentCard"("nodeId");

-- CreateIndex
CREATE INDEX "Prediction_nodeId_userId_createdAt_idx" ON "Prediction"("nodeId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "ResolutionEvent_nodeId_createdAt_idx" ON "ResolutionEvent"("nodeId", "createdAt");

-- CreateIndex
CREATE INDEX "DebateEvent_debateId_seq_idx" ON "DebateEvent"("debateId", "seq");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- AddForeignKey
ALTER TABLE "OAuthAccount" ADD CONSTRAINT "OAuthAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Debate" ADD CONSTRAINT "Debate_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_debateId_fkey" FOREIGN KEY ("debateId") REFERENCES "Debate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleChange" ADD CONSTRAINT "RoleChange_debateId_fkey" FOREIGN KEY ("debateId") REFERENCES "Debate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Node" ADD CONSTRAINT "Node_debateId_fkey" FOREIGN KEY ("debateId") REFERENCES "Debate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Node" ADD CONSTRAINT "Node_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Node" ADD CONSTRAINT "Node_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalVersion" ADD CONSTRAINT "ProposalVersion_debateId_fkey" FOREIGN KEY ("debateId") REFERENCES "Debate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalVersion" ADD CONSTRAINT "ProposalVersion_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodeRevision" ADD CONSTRAINT "NodeRevision_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PruneEvent" ADD CONSTRAINT "PruneEvent_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BranchEstimate" ADD CONSTRAINT "BranchEstimate_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentCard" ADD CONSTRAINT "ExperimentCard_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResolutionEvent" ADD CONSTRAINT "ResolutionEvent_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CruxMark" ADD CONSTRAINT "CruxMark_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DebateEvent" ADD CONSTRAINT "DebateEvent_debateId_fkey" FOREIGN KEY ("debateId") REFERENCES "Debate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
