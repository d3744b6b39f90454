// Pages of /console/queue (the complaint list with each item's next deadline), accumulated by "load more".
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, qs, type Query } from '../../api/client.ts';
import type { Page, QueueItem } from '../../api/types.ts';

export function useQueue(params: Query, pageSize = 50) {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(params);
  const gen = useRef(0);

  useEffect(() => {
    const my = ++gen.current;
    setLoading(true);
    setError(null);
    api
      .get<Page<QueueItem>>(`/console/queue${qs({ ...(JSON.parse(key) as Query), limit: pageSize })}`)
      .then((p) => {
        if (gen.current !== my) return;
        setItems(p.items);
        setCursor(p.nextCursor);
      })
      .catch((e: unknown) => {
        if (gen.current === my) setError(e instanceof ApiError ? e : new ApiError(0, 'UNEXPECTED', String(e)));
      })
      .finally(() => {
        if (gen.current === my) setLoading(false);
      });
  }, [key, pageSize, tick]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    const my = ++gen.current;
    setLoading(true);
    api
      .get<Page<QueueItem>>(`/console/queue${qs({ ...(JSON.parse(key) as Query), limit: pageSize, cursor })}`)
      .then((p) => {
        if (gen.current !== my) return;
        setItems((xs) => [...xs, ...p.items]);
        setCursor(p.nextCursor);
      })
      .catch((e: unknown) => {
        if (gen.current === my) setError(e instanceof ApiError ? e : new ApiError(0, 'UNEXPECTED', String(e)));
      })
      .finally(() => {
        if (gen.current === my) setLoading(false);
      });
  }, [cursor, key, pageSize]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { items, loading, error, hasMore: cursor !== null, loadMore, reload };
}
