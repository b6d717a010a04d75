// The accounts the browser tests use and where the administrator's session
// is kept between the global setup and the specs.
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PORT = Number(process.env.E2E_PORT ?? 18765);
export const ORIGIN = `http://127.0.0.1:${PORT}`;
export const ADMIN = { email: "admin@example.com", password: "e2e admin password" };
/** The administrator's session (a file per port, so parallel runs do not share one). */
export const STATE = join(tmpdir(), "vpcraft-e2e-auth", `admin-${PORT}.json`);
