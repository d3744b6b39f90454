// A small query layer: fetch a path, expose data / error / loading and a reload; stale responses are dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './client.ts';
import { useI18n } from '../i18n/index.tsx';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

export function useApi<T>(path: string | null): QueryState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const last = useRef<string | null>(null);
  // Fetched again when the language changes: server messages (errors, labels) come in the chosen language.
  const { lang } = useI18n();
  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const ctl = new AbortController();
    if (last.current !== path) setData(undefined);
    last.current = path;
    setLoading(true);
    setError(null);
    api
      .get<T>(path, { signal: ctl.signal })
      .then((d) => {
        if (!ctl.signal.aborted) setData(d);
      })
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'UNEXPECTED', String(e)));
      })
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [path, tick, lang]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
