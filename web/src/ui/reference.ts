// Reference data many screens need (org units, the active code table), fetched once per page load.
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { CodeTable, OrgUnit } from '../api/types.ts';

const cache = new Map<string, Promise<unknown>>();

function cached<T>(path: string, fallback: T): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    p = api.get<T>(path).catch(() => {
      cache.delete(path);
      return fallback;
    });
    cache.set(path, p);
  }
  return p;
}

export function invalidateReference(path?: string): void {
  if (path) cache.delete(path);
  else cache.clear();
}

function useCached<T>(path: string, fallback: T): T {
  const [v, setV] = useState<T>(fallback);
  useEffect(() => {
    let live = true;
    void cached(path, fallback).then((x) => {
      if (live) setV(x);
    });
    return () => {
      live = false;
    };
  }, [path]);
  return v;
}

const NO_UNITS = { items: [] as OrgUnit[] };
export function useOrgUnits(): OrgUnit[] {
  return useCached('/org-units', NO_UNITS).items;
}

const NO_CODES = { active: null as CodeTable | null };
export function useCodeTable(): CodeTable | null {
  return useCached('/code-tables', NO_CODES).active;
}
