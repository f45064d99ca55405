import { useEffect, useState } from 'react';

/** The current time in ms, refreshed every `intervalMs` while `enabled`. @public */
export function useNow(intervalMs = 1000, enabled = true, initial?: number): number {
  const [now, setNow] = useState(() => initial ?? Date.now());
  useEffect(() => {
    if (!enabled) return undefined;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, enabled]);
  return now;
}
