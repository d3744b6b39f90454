// Who is signed in: /auth/me, the CSRF token, and which step of sign-in an unfinished session is at.
// What a role may not do is hidden with can(); the server refuses it anyway.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onAuthLost, setCsrfToken } from '../api/client.ts';
import type { Me } from '../api/types.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; reason?: string }
  | { status: 'mfa'; step: 'verify' | 'enrol' }
  | { status: 'ready'; me: Me };

interface Session {
  state: SessionState;
  me: Me | null;
  can(...perms: string[]): boolean;
  refresh(): Promise<SessionState>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

async function load(): Promise<SessionState> {
  let me: Me;
  try {
    me = await api.get<Me>('/auth/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return { status: 'signedOut' };
    throw e;
  }
  setCsrfToken(me.csrfToken);
  if (!me.mfaVerified) {
    // Which second-factor step is pending: any MFA-guarded route tells us.
    try {
      await api.get('/org-units');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'MFA_REQUIRED') return { status: 'mfa', step: 'verify' };
      if (e instanceof ApiError && e.code === 'MFA_ENROLMENT_REQUIRED') return { status: 'mfa', step: 'enrol' };
      if (e instanceof ApiError && e.status === 401) return { status: 'signedOut' };
    }
  }
  return { status: 'ready', me };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const refresh = useCallback(async () => {
    try {
      const s = await load();
      setState(s);
      return s;
    } catch {
      const s: SessionState = { status: 'signedOut' };
      setState(s);
      return s;
    }
  }, []);
  useEffect(() => {
    void refresh();
    return onAuthLost((e) => {
      setCsrfToken(null);
      setState({ status: 'signedOut', reason: e.message });
    });
  }, [refresh]);
  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setCsrfToken(null);
      setState({ status: 'signedOut' });
    }
  }, []);
  const value = useMemo<Session>(() => {
    const me = state.status === 'ready' ? state.me : null;
    const perms = new Set(me?.permissions ?? []);
    return { state, me, can: (...ps) => ps.some((p) => perms.has(p)), refresh, signOut };
  }, [state, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
