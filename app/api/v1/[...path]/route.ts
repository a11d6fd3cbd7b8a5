// /api/v1/* that matches no endpoint — a JSON 404 in the {error} shape for every method
import { unknownApiPath } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export { unknownApiPath as GET, unknownApiPath as POST, unknownApiPath as PUT, unknownApiPath as PATCH, unknownApiPath as DELETE };
export { unknownApiPath as OPTIONS };
