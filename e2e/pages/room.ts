// Helpers for co-editing specs: more accounts signed in their own browser
// contexts, designs shared with them, joining a design's room, and holding
// back what the room sends to one page.
import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
  type WebSocketRoute,
} from "@playwright/test";
import { ORIGIN } from "../accounts";
import { Designer } from "./designer";

export type Account = { email: string; password: string };

/** The room's WebSocket address, whatever the design. */
export const ROOM = /\/api\/designs\/[^/?]+\/room/;

/** Adds an account as the administrator (`request` is signed in as them); one left by an earlier test is fine. */
export async function ensureAccount(request: APIRequestContext, account: Account) {
  const added = await request.post("/api/users", { data: account, headers: { Origin: ORIGIN } });
  expect([201, 409], await added.text()).toContain(added.status());
}

/** Stores a design as the administrator and gives each account a role on it; returns its ID. */
export async function storeShared(
  request: APIRequestContext,
  design: object,
  members: [Account, "editor" | "reviewer" | "viewer"][],
): Promise<string> {
  const created = await request.post("/api/designs", { data: design, headers: { Origin: ORIGIN } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  for (const [account, role] of members) {
    const invited = await request.put(`/api/designs/${id}/members`, {
      data: { email: account.email, role },
      headers: { Origin: ORIGIN },
    });
    expect(invited.status(), await invited.text()).toBe(200);
  }
  return id;
}

/** A new browser context signed in as `account` (its session cookie set by the sign-in call). */
export async function signedInContext(browser: Browser, account: Account): Promise<BrowserContext> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const signedIn = await context.request.post("/api/session", {
    data: account,
    headers: { Origin: ORIGIN },
  });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  return context;
}

/** Opens a stored design and waits until the page is in its room and the drawing has settled. */
export async function joinRoom(page: Page, id: string): Promise<Designer> {
  const designer = new Designer(page);
  await designer.open(`/d/${id}`);
  await expect(designer.canvas.locator("g.node").first()).toBeVisible();
  await expect(designer.saveStatus).toHaveText("Live");
  await designer.settle();
  return designer;
}

/**
 * Where the design has a node, in canvas coordinates (the drawn rectangle's
 * attributes, shifted by the node's translation when it moved after it was
 * drawn), so pages with different views compare.
 */
export async function placeOf(designer: Designer, id: string): Promise<string> {
  const node = designer.node(id);
  const shape = node.locator(":scope > rect.box, :scope > rect.hit").first();
  const shift = /translate\(([-\d.e]+) ([-\d.e]+)\)/.exec((await node.getAttribute("transform")) ?? "");
  const [dx, dy] = shift ? [Number(shift[1]), Number(shift[2])] : [0, 0];
  return `${Number(await shape.getAttribute("x")) + dx},${Number(await shape.getAttribute("y")) + dy}`;
}

/**
 * Routes a page's room socket through the test, so that what the room sends
 * can be held back (as though it were slow to arrive) and then released in
 * order. Call before the page opens the design.
 */
export class Relay {
  private sockets: { page: WebSocketRoute; server: WebSocketRoute; held: (string | Buffer)[] }[] = [];
  private holding = false;

  static async on(page: Page): Promise<Relay> {
    const relay = new Relay();
    await page.routeWebSocket(ROOM, (ws) => {
      const server = ws.connectToServer();
      const socket = { page: ws, server, held: [] as (string | Buffer)[] };
      relay.sockets.push(socket);
      // What the page sends, and either side closing, pass as they are.
      server.onMessage((message) => {
        if (relay.holding) socket.held.push(message);
        else ws.send(message);
      });
    });
    return relay;
  }

  /** From now on, what the room sends waits. */
  hold() {
    this.holding = true;
  }

  /** Cuts every connection both ways, losing what waited, as a dropped network would; reconnections pass freely. */
  dropAll() {
    this.holding = false;
    for (const socket of this.sockets.splice(0)) {
      socket.held = [];
      socket.server.close();
      socket.page.close();
    }
  }

  /** Delivers what waited, in order, and lets the rest through. */
  release() {
    this.holding = false;
    for (const socket of this.sockets) {
      for (const message of socket.held.splice(0)) socket.page.send(message);
    }
  }
}
