// A fault-injecting HTTP proxy between the vpcraft server and moto's
// server, for the AWS import specs. The Playwright config starts it:
//
//   node aws-proxy.mjs <listen port> <control port> <moto URL>
//
// Requests to the listen port go on to moto, unchanged unless the control
// port says otherwise (POST /config with JSON, replacing the whole setting):
//
//   { "delayMs": 300, "serial": true }   every request waits 300 ms, and
//                                        requests are answered one at a time
//   { "faults": { "DescribeVpcs": "denied" } }
//                                        this action is answered as AWS
//                                        answers it: "denied" (403
//                                        AccessDenied / UnauthorizedOperation),
//                                        "throttled" (503 RequestLimitExceeded,
//                                        400 Throttling, 429), "optin"
//                                        (401 OptInRequired)
//   { "regions": { "me-central-1": "optin" } }
//                                        every request signed for that region
//   { "down": true }                     the listen port is closed, so a
//                                        connection is refused
//
// GET /log on the control port lists the actions seen since the last POST.
import http from "node:http";

const [listenPort, controlPort, upstreamUrl] = process.argv.slice(2);
const upstream = new URL(upstreamUrl);

let setting = {};
let seen = [];
/** The end of the queue of serial requests. */
let queue = Promise.resolve();

/** The service a request is signed for, and its region. */
function scope(headers) {
  const match = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(headers.authorization ?? "");
  return match ? { region: match[1], service: match[2] } : { region: "", service: "" };
}

/** The action of a Query (form), JSON (X-Amz-Target) or REST (Lambda) call. */
function action(req, body) {
  const form = new URLSearchParams(body);
  if (form.get("Action")) return form.get("Action");
  const target = req.headers["x-amz-target"];
  if (target) return String(target).split(".").pop();
  const path = req.url.split("?")[0];
  if (/\/functions\/?$/.test(path)) return "ListFunctions";
  if (/\/event-source-mappings\/?$/.test(path)) return "ListEventSourceMappings";
  return `${req.method} ${path}`;
}

/** The answer AWS gives for `fault` on `service`: status, headers, body. */
function faultAnswer(fault, service, name) {
  const message = {
    denied: `You are not authorized to perform this operation (${name}).`,
    throttled: "Rate exceeded",
    optin: "You are not subscribed to this service.",
  }[fault];
  if (service === "ec2") {
    const [status, code] = {
      denied: [403, "UnauthorizedOperation"],
      throttled: [503, "RequestLimitExceeded"],
      optin: [401, "OptInRequired"],
    }[fault];
    const body = `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fault</RequestID></Response>`;
    return [status, { "content-type": "text/xml" }, body];
  }
  if (service === "lambda") {
    const [status, code] = {
      denied: [403, "AccessDeniedException"],
      throttled: [429, "TooManyRequestsException"],
      optin: [401, "UnrecognizedClientException"],
    }[fault];
    return [status, { "content-type": "application/json", "x-amzn-errortype": code }, JSON.stringify({ Message: message })];
  }
  if (service === "ecs") {
    const [status, code] = {
      denied: [400, "AccessDeniedException"],
      throttled: [400, "ThrottlingException"],
      optin: [400, "UnrecognizedClientException"],
    }[fault];
    return [status, { "content-type": "application/x-amz-json-1.1" }, JSON.stringify({ __type: code, message })];
  }
  // The other Query protocols (STS, ELBv2, CloudFormation).
  const [status, code] = {
    denied: [403, "AccessDenied"],
    throttled: [400, "Throttling"],
    optin: [401, "OptInRequired"],
  }[fault];
  const body = `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`;
  return [status, { "content-type": "text/xml" }, body];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers one request: a fault, or moto's answer. */
async function handle(req, res, body) {
  const { region, service } = scope(req.headers);
  const name = action(req, body.toString("utf8"));
  seen.push(name);
  if (setting.delayMs) await sleep(setting.delayMs);
  const fault = setting.regions?.[region] ?? setting.faults?.[name];
  if (fault) {
    const [status, headers, text] = faultAnswer(fault, service, name);
    res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  await new Promise((resolve) => {
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", resolve);
      },
    );
    forward.on("error", () => {
      res.writeHead(502);
      res.end();
      resolve();
    });
    forward.end(body);
  });
}

const sockets = new Set();
const proxy = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    if (setting.serial) {
      queue = queue.then(() => handle(req, res, body)).catch(() => {});
    } else {
      handle(req, res, body).catch(() => res.destroy());
    }
  });
});
proxy.on("connection", (socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});
proxy.keepAliveTimeout = 2000;

function open() {
  if (!proxy.listening) proxy.listen(Number(listenPort), "127.0.0.1");
}

function close() {
  proxy.close();
  for (const socket of sockets) socket.destroy();
}

http
  .createServer((req, res) => {
    if (req.method === "GET" && req.url === "/log") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(seen));
      return;
    }
    if (req.method === "GET" && req.url === "/health") {
      res.writeHead(200);
      res.end("ok");
      return;
    }
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      try {
        setting = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        res.writeHead(400);
        res.end("not JSON");
        return;
      }
      seen = [];
      if (setting.down) close();
      else open();
      res.writeHead(204);
      res.end();
    });
  })
  .listen(Number(controlPort), "127.0.0.1");

open();
