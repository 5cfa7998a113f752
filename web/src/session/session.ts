/**
 * Who is signed in, as far as this tab knows. The session itself is a cookie the browser cannot read
 * (HttpOnly): the tab keeps only the person's id, to tell a returning person from someone else, and the
 * session's CSRF token, which every POST carries. When the API answers 401 the session is marked expired
 * instead of forgotten: the page stays mounted, so a half-filled form survives while the person signs in again.
 */
import type { AuthSession } from '../../../contracts/session';

type Listener = () => void;

export interface SessionState {
  /** The signed-in person's id, or null before sign-in and after sign-out. */
  subject: string | null;
  csrfToken: string | null;
  expired: boolean;
}

class Session {
  private state: SessionState = { subject: null, csrfToken: null, expired: false };
  private listeners = new Set<Listener>();

  subject(): string | null {
    return this.state.subject;
  }
  csrfToken(): string | null {
    return this.state.csrfToken;
  }
  snapshot = (): SessionState => this.state;
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  /** What GET /auth/session (or a sign-in) answered. */
  update(auth: AuthSession): void {
    if (!auth.signedIn || !auth.me) {
      // Still expired (not signed out) while a form waits for the same person to come back.
      if (this.state.expired) return;
      this.set({ subject: null, csrfToken: null, expired: false });
      return;
    }
    this.set({ subject: auth.me.id, csrfToken: auth.csrfToken ?? null, expired: false });
  }
  signOut(): void {
    this.set({ subject: null, csrfToken: null, expired: false });
  }
  expire(): void {
    if (this.state.subject && !this.state.expired) this.set({ ...this.state, expired: true });
  }
  private set(state: SessionState): void {
    if (state.subject === this.state.subject && state.csrfToken === this.state.csrfToken && state.expired === this.state.expired) return;
    this.state = state;
    for (const l of this.listeners) l();
  }
}

export const session = new Session();

/** The popup that signs a person in again tells the other tabs through this channel. */
export const SESSION_CHANNEL = 'handover-session';
