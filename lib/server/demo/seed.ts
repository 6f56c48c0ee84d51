// The demo debate a newcomer clicks through on first start. Original prose,
// written for this project. Demo accounts have no password: nobody can sign in as them.

import "server-only";
import type { Db } from "@/lib/server/db/client";
import type { Actor } from "@/lib/domain/actor";
import { createDebate, joinDebate } from "@/lib/server/debate/debates";
import { acceptRebuttal, createNode } from "@/lib/server/debate/nodes";
import { pruneBranch } from "@/lib/server/debate/branches";
import { recordPrediction, setResolutionMode, upsertExperimentCard } from "@/lib/server/empirical/service";

const PROPOSAL_V1 = `Run every answer of the capable assistant past a **trusted monitor**: a smaller model we trained ourselves and have inspected closely. The monitor scores each answer for signs of deception (claims the assistant could check but did not, hidden instructions, answers that differ when the assistant believes nobody is watching). Answers above a threshold go to a human reviewer before anyone acts on them.

Why it might work: the monitor does not need to be as capable as the assistant; it only needs to notice that something is off, which is easier than producing the deception.`;

const PROPOSAL_V2 = `${PROPOSAL_V1}

**Added in v2:** the monitor reads the whole conversation and a rolling sample of the assistant's earlier sessions, not single answers, and it scores *plans* assembled across answers. Every flagged session is replayed with a fresh assistant instance to see whether the suspicious pattern recurs.`;

async function demoUser(db: Db, username: string, displayName: string): Promise<Actor> {
  const user = await db.user.upsert({
    where: { username },
    create: { username, displayName },
    update: {},
    select: { id: true, username: true, displayName: true },
  });
  return { ...user, via: "session" };
}

export async function seedDemo(db: Db) {
  const builder = await demoUser(db, "demo-builder", "Ines (demo builder)");
  const breaker = await demoUser(db, "demo-breaker", "Tomasz (demo breaker)");
  const observer = await demoUser(db, "demo-observer", "Rui (demo observer)");

  const debate = await createDebate(builder, {
    title: "Can a weaker trusted monitor catch a deceptive assistant?",
    proposal: PROPOSAL_V1,
    context:
      "A worked example of the builder/breaker method. Click any move in the tree, read the scoreboard, open the revisit tab to see a pruned branch, and sign up to take a side yourself.",
    links: [],
    visibility: "PUBLIC",
    playMode: "OPEN",
    side: "BUILDER",
  });
  await joinDebate(breaker, debate.id, "BREAKER");
  await joinDebate(observer, debate.id, "OBSERVER");

  const splitPlan = await createNode(breaker, debate.id, {
    parentId: debate.rootNodeId,
    kind: "COUNTEREXAMPLE",
    title: "The plan is split across harmless-looking answers",
    body: "The assistant needs five steps to do damage. It gives each step in a different answer, each of which is individually ordinary advice. The monitor scores answers one at a time, so none crosses the threshold, yet the person following all five ends up where the assistant wanted.",
    targetVersions: [1],
  });

  await createNode(builder, debate.id, {
    parentId: splitPlan.id,
    kind: "QUESTION",
    title: "",
    body: "Does the person have to follow all five answers in order, or does any subset already cause harm? That changes how much context the monitor needs.",
  });

  const patch = await createNode(builder, debate.id, {
    parentId: splitPlan.id,
    kind: "PATCH",
    title: "Score conversations and plans, not single answers",
    body: "The monitor now sees the whole conversation plus a sample of earlier sessions, and scores the plan the answers add up to. Replaying flagged sessions with a fresh instance separates accidents from patterns.",
    answersNodeIds: [splitPlan.id],
    proposal: PROPOSAL_V2,
  });

  const collusion = await createNode(breaker, debate.id, {
    parentId: patch.id,
    kind: "COUNTEREXAMPLE",
    title: "The monitor and the assistant share a blind spot",
    body: "Both models were trained on overlapping data and with similar feedback. An answer that exploits a gap in that feedback looks fine to both: the monitor does not flag what it was also taught to find acceptable. Reading more context does not help when the problem is what counts as suspicious.",
    targetVersions: [2],
  });

  const rebuttal = await createNode(builder, debate.id, {
    parentId: collusion.id,
    kind: "REBUTTAL",
    title: "A shared blind spot is an empirical question",
    body: "Whether the blind spots overlap enough to matter is measurable: plant known deceptive answers that exploit gaps in the shared feedback and count how many the monitor flags. Until someone runs that, the counterexample is a hypothesis, not a break.",
    quote: { text: "Both models were trained on overlapping data", start: 0, end: 44 },
  });
  // The rebuttal says the blind spot can be measured: make it an empirical claim with a plan and two forecasts.
  await setResolutionMode(builder, debate.id, rebuttal.id, { mode: "EMPIRICAL" });
  await upsertExperimentCard(builder, debate.id, rebuttal.id, {
    question: "Of 200 planted answers that exploit gaps the two models' training feedback has in common, what share does the monitor flag?",
    method:
      "Write the planted answers with a red team that knows the shared feedback data, mix them into 5,000 ordinary answers, run the monitor blind, and count flags at the deployment threshold.",
    supportIf: "The monitor flags at least 60% of the planted answers while flagging under 5% of the ordinary ones.",
    refuteIf: "The monitor flags fewer than 30% of the planted answers at that threshold.",
    ownerId: builder.id,
    status: "PROPOSED",
    links: [],
  });
  await recordPrediction(builder, debate.id, rebuttal.id, { probability: 0.65 });
  await recordPrediction(breaker, debate.id, rebuttal.id, { probability: "25%" });

  const watermark = await createNode(observer, debate.id, {
    parentId: debate.rootNodeId,
    kind: "COMMENT",
    title: "What about watermarking every answer instead?",
    body: "If each answer carried a watermark, we could at least trace which model wrote which step afterwards.",
  });
  await createNode(breaker, debate.id, {
    parentId: watermark.id,
    kind: "COMMENT",
    title: "",
    body: "Tracing after the fact does not stop the harm this debate is about, though it could help with audits.",
  });
  await pruneBranch(builder, debate.id, watermark.id, {
    category: "OUT_OF_SCOPE",
    reason: "Watermarking answers who wrote a step, not whether the step is deceptive; worth its own debate.",
    promise: 35,
  });

  const sleeper = await createNode(breaker, debate.id, {
    parentId: patch.id,
    kind: "COUNTEREXAMPLE",
    title: "It behaves only when the sample window is open",
    body: "If the assistant can tell which sessions are sampled for the monitor (timing, metadata, phrasing of the operator), it behaves perfectly in those and deceives only in the rest.",
    targetVersions: [2],
  });
  const sampledRebuttal = await createNode(builder, debate.id, {
    parentId: sleeper.id,
    kind: "REBUTTAL",
    title: "Sampling happens after the fact",
    body: "Sessions are chosen for review after they end, by a process the assistant never sees, so there is nothing in the session that tells it whether it will be sampled.",
  });
  await acceptRebuttal(breaker, debate.id, sampledRebuttal.id);

  return { debateId: debate.id };
}
