// The figures of the README's "Reliability and security" section, measured against the
// simulators: `npx tsx test/resilience/report.ts` (the whole matrix, ~2 minutes) or `--quick`
// (the CI sample); CAMPAIGN_RUNS=1000 for the long fault campaign (~1 s a schedule). Prints one line per figure; exits 1 if any record was lost or a fault was not survived.
import { hoursCases, masterCases, masterReference, runHoursCampaign, runMasterCampaign } from './bad-input';
import { measureIdleRates, PUBLISHED_LIMITS } from './rates';
import { runCampaign } from './campaign';
import { runInstallationsCampaign } from './installations';

const quick = process.argv.includes('--quick');
const campaignRuns = Number(process.env.CAMPAIGN_RUNS ?? (quick ? 10 : 100));
const started = Date.now();

const ref = await masterReference();
const master = await runMasterCampaign(masterCases(ref.ops, !quick), ref.state);
const hours = await runHoursCampaign(hoursCases(!quick));
const rates = await measureIdleRates();
const campaign = await runCampaign(campaignRuns);
// Issue 13: installations at once. INSTALL_RUNS schedules for each of 2 and 5 installations.
const installRuns = Number(process.env.INSTALL_RUNS ?? (quick ? 2 : 200));
const together = await runInstallationsCampaign(installRuns, [2, 5], (line) => process.stderr.write(`${line}\n`));

const tried = master.tried + hours.tried;
const survived = master.survived + hours.survived;
const lost = master.recordsLost + hours.recordsLost + campaign.recordsLost + together.lost;
const lines = [
  `Bad input (${quick ? 'CI sample' : 'every operation × every fault kind'}): ${ref.ops.length} master-data operations + ${hours.outcomes.length ? new Set(hours.outcomes.map((o) => o.op)).size : 0} hour-transfer operations, 9 fault kinds`,
  `  bad inputs tried: ${tried} (master data ${master.tried}, hours ${hours.tried})`,
  `  faults survived: ${survived} of ${tried}`,
  `  records lost: ${lost}`,
  `  runs that went on (slow answer, short Retry-After waited out, a failed Busy marker write retried next pass): ${[...master.outcomes, ...hours.outcomes].filter((o) => !o.stopped).length}`,
  `  stops naming the operation: ${master.namedOperation + hours.namedOperation}; naming only the system (timeout, lost connection, rate limit, session): ${master.namedSystemOnly + hours.namedSystemOnly}`,
  `Fault campaign: ${campaign.runs} random schedules of edits, approvals, orders and faults; converged ${campaign.converged}; exactly-once violations ${campaign.duplicates}; records lost ${campaign.recordsLost}`,
  ...together.lines,
  `Idle request rate (push + hour poll every minute, hourly incremental, daily full): 24SO ${rates.perHour.tfso}/h (limit ${PUBLISHED_LIMITS.tfso}/h), Busy ${rates.perHour.busy}/h (sim default ${PUBLISHED_LIMITS.busy}/h; Busy publishes none)`,
  `  requests per idle run: push ${fmt(rates.perRun.push)}, hour poll ${fmt(rates.perRun.hoursPoll)}, incremental ${fmt(rates.perRun.incremental)}, full ${fmt(rates.perRun.full)}`,
  `(${((Date.now() - started) / 1000).toFixed(0)} s)`,
];
console.log(lines.join('\n'));
const problems = [...master.problems, ...hours.problems, ...campaign.problems, ...together.problems];
if (problems.length) console.error(`problems:\n  ${problems.slice(0, 20).join('\n  ')}`);
process.exit(lost === 0 && survived === tried && problems.length === 0 ? 0 : 1);

function fmt(r: { busy: number; tfso: number }) {
  return `24SO ${r.tfso} / Busy ${r.busy}`;
}
