// better-auth's browser client, for the sign-in forms (same-origin: the base URL is the page's).
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
