-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "debateTitle" TEXT NOT NULL DEFAULT '';

-- Existing notifications: the current title, only for recipients who may still read the
-- debate (public/unlisted, the owner, members). A removed member's old rows keep '' and
-- their message, which already quoted the title of its time.
UPDATE "Notification" n SET "debateTitle" = d."title"
FROM "Debate" d
WHERE d."id" = n."debateId"
  AND (d."visibility" <> 'PRIVATE' OR d."ownerId" = n."userId"
       OR EXISTS (SELECT 1 FROM "Membership" m WHERE m."debateId" = d."id" AND m."userId" = n."userId"));
