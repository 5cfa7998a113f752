/**
 * Who is signed in, for this browser tab. The bearer token is kept in sessionStorage (this tab only,
 * forgotten when it closes). When the API answers 401 the session is marked expired instead of cleared:
 * the page stays mounted, so a half-filled form survives while the person signs in again.
 */
const TOKEN_KEY = 'handover.token';

type Listener = () => void;

export interface SessionState {
  token: string | null;
  expired: boolean;
}

class Session {
  private state: SessionState = { token: read(), expired: false };
  private listeners = new Set<Listener>();

  token(): string | null {
    return this.state.token;
  }
  snapshot = (): SessionState => this.state;
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  signIn(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
    this.set({ token, expired: false });
  }
  signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    this.set({ token: null, expired: false });
  }
  expire(): void {
    if (this.state.token && !this.state.expired) this.set({ ...this.state, expired: true });
  }
  private set(state: SessionState): void {
    this.state = state;
    for (const l of this.listeners) l();
  }
}

function read(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export const session = new Session();

/**
 * Whose token this is (its `sub` claim), read without checking it: the API checks every request. It
 * tells a new token of the same person (signing in again after expiry) from another person's.
 */
export function subjectOf(token: string | null): string | null {
  if (token === null) return null;
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    // A token that names nobody is nobody else's: compared as itself.
    return typeof sub === 'string' ? sub : token;
  } catch {
    return token;
  }
}
