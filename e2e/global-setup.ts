// Creates the server's first account (its administrator) through the first-
// visit setup and stores its session, which every spec starts signed in with
// (the config's storageState).
import { request, type FullConfig } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { ADMIN, STATE } from "./accounts";

export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0].use.baseURL!;
  const context = await request.newContext({ baseURL });
  const response = await context.post("/api/setup", {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: { Origin: baseURL },
  });
  if (response.status() !== 201) {
    throw new Error(`creating the first account failed: ${response.status()} ${await response.text()}`);
  }
  mkdirSync(dirname(STATE), { recursive: true });
  await context.storageState({ path: STATE });
  await context.dispose();
}
