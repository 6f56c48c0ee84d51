-- AlterTable
ALTER TABLE "Debate" ADD COLUMN     "importingSince" TIMESTAMP(3);
