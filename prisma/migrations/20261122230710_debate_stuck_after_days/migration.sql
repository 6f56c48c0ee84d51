-- AlterTable
ALTER TABLE "Debate" ADD COLUMN     "stuckAfterDays" INTEGER NOT NULL DEFAULT 7;
