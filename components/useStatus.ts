import { useEffect, useState } from 'preact/hooks';
import type { Status } from '../utils/domain/connection-state';
import type { UserError } from '../utils/domain/connection-state';
import { onStatusChanged, request } from '../utils/platform/messaging';

/** How often an open popup re-checks the sessions, so an expiry shows without reopening it. */
export const STATUS_POLL_MS = 10_000;

/** `initial`: what was shown last time (the popup renders it before asking; issue 17). */
export function useStatus(initial: Status | null = null) {
  const [status, setStatus] = useState<Status | null>(initial);
  const [error, setError] = useState<UserError | null>(null);
  const load = async (refresh: boolean) => {
    const res = await request({ type: 'status/get', refresh });
    if (res.ok) {
      setStatus(res.data);
      setError(null);
    } else setError(res.error);
  };
  useEffect(() => {
    // The background's last check first (instant), then a fresh one.
    void load(false).then(() => load(true));
    const timer = setInterval(() => void load(true), STATUS_POLL_MS);
    const off = onStatusChanged(() => void load(false));
    return () => {
      clearInterval(timer);
      off();
    };
  }, []);
  return { status, error, reload: () => load(true), setStatus };
}
