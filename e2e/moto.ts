// moto's server for the AWS import spec: where it listens, whether the
// Python virtualenv has it, and fixtures made through the EC2 Query API
// (moto accepts any credentials and does not check signatures, so a plain
// form POST with an Authorization header naming the service will do).
import { existsSync } from "node:fs";
import { join } from "node:path";

const port = Number(process.env.E2E_PORT ?? 18765);
const venv = process.env.VPCRAFT_PYTHON_VENV ?? join(__dirname, "..", ".venv");

/** The port moto's server listens on, beside the e2e server's. */
export const MOTO_PORT = Number(process.env.E2E_MOTO_PORT ?? port + 1000);
export const MOTO_URL = `http://127.0.0.1:${MOTO_PORT}`;
export const MOTO_BIN = join(venv, "bin", "moto_server");
/** The fault proxy (aws-proxy.mjs) between the vpcraft server and moto. */
export const PROXY_PORT = Number(process.env.E2E_PROXY_PORT ?? MOTO_PORT + 1);
export const PROXY_URL = `http://127.0.0.1:${PROXY_PORT}`;
export const PROXY_CONTROL_PORT = Number(process.env.E2E_PROXY_CONTROL_PORT ?? PROXY_PORT + 1);

/** What the fault proxy does from now on (see aws-proxy.mjs); `{}` passes everything on. */
export interface ProxySetting {
  delayMs?: number;
  serial?: boolean;
  faults?: Record<string, "denied" | "throttled" | "optin">;
  regions?: Record<string, "denied" | "throttled" | "optin">;
  down?: boolean;
}

/** Sets what the fault proxy does, replacing the previous setting. */
export async function proxy(setting: ProxySetting): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${PROXY_CONTROL_PORT}/config`, {
    method: "POST",
    body: JSON.stringify(setting),
  });
  if (response.status !== 204) throw new Error(`the proxy refused ${JSON.stringify(setting)}`);
}

/** The actions the proxy passed or answered since its setting last changed. */
export async function proxyLog(): Promise<string[]> {
  return (await fetch(`http://127.0.0.1:${PROXY_CONTROL_PORT}/log`)).json();
}
/** Whether moto is installed (`tools/setup-python.sh`); the AWS spec needs it. */
export const HAS_MOTO = existsSync(MOTO_BIN);

/** Calls an EC2 action and returns the response's XML. */
export async function ec2(action: string, params: Record<string, string>): Promise<string> {
  const body = new URLSearchParams({ Action: action, Version: "2016-11-15", ...params });
  const response = await fetch(MOTO_URL, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization:
        "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0",
    },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${action} failed: ${response.status} ${text}`);
  return text;
}

/** The first `<tag>` of an XML answer. */
export function xmlValue(xml: string, tag: string): string {
  const match = xml.match(new RegExp(`<${tag}>([^<]*)</${tag}>`));
  if (!match) throw new Error(`no <${tag}> in ${xml}`);
  return match[1];
}

/** A Name tag for a resource made by `action`. */
export function nameTag(resourceType: string, name: string): Record<string, string> {
  return {
    "TagSpecification.1.ResourceType": resourceType,
    "TagSpecification.1.Tag.1.Key": "Name",
    "TagSpecification.1.Tag.1.Value": name,
  };
}
