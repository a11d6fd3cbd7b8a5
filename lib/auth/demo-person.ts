// The demo team's person (demo mode only): created once with a known password, owner of the default
// account, which holds the demo data. "Explore the demo" signs in as them.
import { randomUUID } from "node:crypto";
import { DEFAULT_ACCOUNT_ID, type Db } from "@/db/client";
import { findUserByEmail, insertMember } from "@/db/queries/teams";
import { DEMO_PERSON } from "@/lib/demo/config";
import { getAuth } from "./auth";

export async function ensureDemoPerson(db: Db): Promise<void> {
  let person = await findUserByEmail(db, DEMO_PERSON.email);
  if (!person) {
    const auth = await getAuth();
    await auth.api.signUpEmail({ body: { email: DEMO_PERSON.email, password: DEMO_PERSON.password, name: DEMO_PERSON.name } });
    person = await findUserByEmail(db, DEMO_PERSON.email);
  }
  if (person) await insertMember(db, { id: randomUUID(), accountId: DEFAULT_ACCOUNT_ID, userId: person.id, role: "owner" });
}
