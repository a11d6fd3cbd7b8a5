// Which team a new person gets: the first person to sign up takes over today's default account
// (all the data from before sign-in existed), everyone after gets a personal team of their own.
import { randomBytes, randomUUID } from "node:crypto";
import { DEFAULT_ACCOUNT_ID, type Db } from "@/db/client";
import { countMembers, createTeam, insertMember, listMemberships, lockTeam } from "@/db/queries/teams";

export function teamSlug(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "team"}-${randomBytes(4).toString("hex")}`;
}

export function personalTeamName(person: { name: string; email: string }): string {
  const name = person.name.trim() || person.email.split("@")[0];
  return `${name}'s team`.slice(0, 100);
}

/**
 * Gives a new person a team, as owner. The default account goes to the first person (serialized on
 * its row, so two simultaneous first sign-ups cannot both take it); anyone else gets a new team.
 */
export async function adoptOrCreateTeam(db: Db, person: { userId: string; name: string; email: string }): Promise<string> {
  return db.transaction(async (tx) => {
    if ((await lockTeam(tx, DEFAULT_ACCOUNT_ID)) && (await countMembers(tx, DEFAULT_ACCOUNT_ID)) === 0) {
      await insertMember(tx, { id: randomUUID(), accountId: DEFAULT_ACCOUNT_ID, userId: person.userId, role: "owner" });
      return DEFAULT_ACCOUNT_ID;
    }
    const name = personalTeamName(person);
    const accountId = await createTeam(tx, { name, slug: teamSlug(name) });
    await insertMember(tx, { id: randomUUID(), accountId, userId: person.userId, role: "owner" });
    return accountId;
  });
}

export async function firstTeamOf(db: Db, userId: string): Promise<string | undefined> {
  const [first] = await listMemberships(db, userId);
  return first?.accountId;
}

