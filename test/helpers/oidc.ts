/**
 * A real OpenID Provider for the tests (test/oidc/provider.mjs, panva's oidc-provider), run as a child
 * process because it ships ES modules only, with its test controls (key rotation, tampered ID tokens,
 * refused refresh) and a client registration for each app under test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const OIDC_CLIENT_SECRET = 'handover-test-client-secret-0123456789';

export interface TestProvider {
  issuer: string;
  control(action: 'rotate' | 'tamper' | 'refuse-refresh' | 'stats', mode?: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** A free TCP port on loopback: the app's redirect URI must be registered before the app listens. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `apps`: the origins (http://127.0.0.1:port) of the Handover apps that sign in here, one client each. */
export async function startTestProvider(options: { clients: { clientId: string; origin: string }[]; accessTokenSeconds?: number }): Promise<TestProvider> {
  const clients = options.clients.map((c) => ({
    client_id: c.clientId,
    client_secret: OIDC_CLIENT_SECRET,
    redirect_uris: [`${c.origin}/auth/callback`],
    post_logout_redirect_uris: [`${c.origin}/signin`],
  }));
  const child: ChildProcess = spawn(process.execPath, [path.resolve(__dirname, '..', 'oidc', 'provider.mjs')], {
    env: { ...process.env, OIDC_CLIENTS: JSON.stringify(clients), OIDC_ACCESS_TTL: String(options.accessTokenSeconds ?? 3600) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the test OpenID provider did not start: ${stderr}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      const match = /listening (\S+)/.exec(d.toString());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the test OpenID provider exited (${code}): ${stderr}`)));
  });
  return {
    issuer,
    control: async (action, mode) => {
      const res = await fetch(`${issuer}/__test/${action}${mode ? `?mode=${mode}` : ''}`, { method: action === 'stats' ? 'GET' : 'POST' });
      return (await res.json()) as Record<string, unknown>;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
