import { useEffect, useRef, useState } from 'preact/hooks';
import type { SyncView } from '../utils/protocol/answers';
import type { UserError } from '../utils/domain/connection-state';
import { onStatusChanged, request } from '../utils/platform/messaging';
import { POLL_IDLE_MS, POLL_RUNNING_MS, type ButtonTrigger } from './sync-view';

/** The sync view, followed closely while a run goes; fetch buttons and dismiss act on it. */
export function useSyncView(initial: SyncView | null = null) {
  const [view, setView] = useState<SyncView | null>(initial);
  const [error, setError] = useState<UserError | null>(null);
  /** True once the view is the background's answer (before: what was shown last time). */
  const [live, setLive] = useState(false);
  const poll = useRef<() => void>(() => undefined);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    let alive = true;
    const load = async () => {
      clearTimeout(timer);
      const res = await request({ type: 'sync/state' });
      if (!alive) return;
      if (res.ok) {
        setView(res.data);
        setLive(true);
        setError(null);
      } else setError(res.error);
      timer = setTimeout(load, res.ok && res.data.running ? POLL_RUNNING_MS : POLL_IDLE_MS);
    };
    poll.current = () => void load();
    void load();
    const off = onStatusChanged(() => void load());
    return () => {
      alive = false;
      clearTimeout(timer);
      off();
    };
  }, []);

  const answer = (res: { ok: true; data: SyncView } | { ok: false; error: UserError }) => {
    if (res.ok) {
      setView(res.data);
      setError(null);
      poll.current();
    } else setError(res.error);
  };
  return {
    view,
    live,
    error,
    run: async (trigger: ButtonTrigger) => answer(await request({ type: 'sync/run', trigger })),
    dismiss: async (key: string) => answer(await request({ type: 'warnings/dismiss', key })),
  };
}
