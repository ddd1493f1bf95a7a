// The hour transfer from the command line, for the lead to wire into `npm run sync`:
//   npm run sync -- --config FILE --state DIR hours --mode <on-approval|on-order|never> [--map <busyUserId>=<contactId>]…
// (`--map <busyUserId>=none` says "no 24SO user".) Same FILE and DIR as the master-data CLI
// (cli/sync.ts): the store in DIR/store, the 24SO session in DIR/tfso-session.json.
// Prints ONE JSON line: what was sent, updated, deleted, recovered, skipped and why (reason text
// in English next to its i18n key). Exit 0 when the pass completed, 1 when it stopped, 2 on usage,
// 3 when it paused for the request budget (run it again after the pause).
import { Capabilities } from '../utils/capabilities';
import { connect, loadConfig, UsageError } from './connect';
import { reasonText, runHoursTransfer, type HoursMode } from '../utils/hours';

export const HOURS_USAGE =
  'usage: npm run sync -- --config FILE --state DIR hours --mode <on-approval|on-order|never> [--map <busyUserId>=<contactId|none>]…';

export class HoursUsageError extends Error {}

export function parseHoursArgs(argv: string[]): {
  config: string;
  state: string;
  mode: Exclude<HoursMode, null>;
  map: Record<string, number | null>;
} {
  let config: string | undefined, state: string | undefined, mode: HoursMode | undefined;
  const map: Record<string, number | null> = {};
  let sawHours = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new HoursUsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--config') config = val();
    else if (a === '--state') state = val();
    else if (a === 'hours' && !sawHours) sawHours = true;
    else if (a === '--mode') {
      const m = val();
      if (m !== 'on-approval' && m !== 'on-order' && m !== 'never')
        throw new HoursUsageError(`--mode ${m}: expected on-approval, on-order or never`);
      mode = m;
    } else if (a === '--map') {
      const m = /^(\d+)=(\d+|none)$/.exec(val());
      if (!m) throw new HoursUsageError('--map expects <busyUserId>=<contactId> or <busyUserId>=none');
      map[m[1]!] = m[2] === 'none' ? null : Number(m[2]);
    } else throw new HoursUsageError(`unexpected argument "${a}"`);
  }
  if (!config || !state || !mode) throw new HoursUsageError('--config, --state and --mode are required');
  return { config, state, mode, map };
}

export async function runHoursCli(argv: string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  let args: ReturnType<typeof parseHoursArgs>;
  try {
    args = parseHoursArgs(argv);
  } catch (e) {
    if (e instanceof HoursUsageError) {
      process.stderr.write(`${e.message}\n${HOURS_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  let cfg: Awaited<ReturnType<typeof loadConfig>>;
  try {
    cfg = await loadConfig(args.config);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${HOURS_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const conn = await connect(cfg, args.state);
  try {
    const s = await runHoursTransfer(
      {
        store: conn.store,
        tfso: conn.tfso,
        busy: conn.busy,
        log: conn.log,
        coordination: conn.coordination,
        capabilities: await Capabilities.load(conn.store),
        ...(conn.pacer ? { pacer: conn.pacer.run('click') } : {}),
      },
      { mode: args.mode, overrides: { ...cfg.userOverrides, ...args.map }, integrationContactId: conn.identity.user.contactId },
    );
    const why = (r: { code: string; messageKey: string; substitutions: string[] }) => ({ ...r, text: reasonText(r) });
    out(
      JSON.stringify({
        mode: s.mode,
        ran: s.ran,
        ...(s.why ? { why: why(s.why) } : {}),
        sent: s.sent,
        updated: s.updated,
        deleted: s.deleted,
        recovered: s.recovered,
        adopted: s.adopted,
        skipped: s.skipped.map((x) => ({ busyEntryId: x.busyEntryId, reason: why(x.reason) })),
        orders: { sent: s.orders.sent, skipped: s.orders.skipped.map((x) => ({ busyOrderId: x.busyOrderId, reason: why(x.reason) })) },
        warnings: s.warnings.map(why),
        requests: s.requests,
        ...(s.error ? { error: s.error } : {}),
      }),
    );
    // Paused for the request budget (issue 15): exit 3, run again after the pause.
    return s.error ? (s.error.code === 'budget_paused' ? 3 : 1) : 0;
  } finally {
    await conn.close();
  }
}

// Runnable on its own too: `tsx cli/hours.ts --config F --state D hours --mode on-approval`.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  runHoursCli(process.argv.slice(2)).then(
    (c) => process.exit(c),
    (e: unknown) => {
      process.stderr.write(`hours failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
