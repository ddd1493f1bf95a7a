// `npx tsx test/resilience/installations-campaign.ts [runs] [counts] [first seed]`: only the installations
// campaign of report.ts (issue 13), with a line per schedule on stderr and the summary lines on
// stdout. `counts`: installation counts, comma-separated (default 2,5).
import { runInstallationsCampaign } from './installations';

const runs = Number(process.argv[2] ?? process.env.INSTALL_RUNS ?? 200);
const counts = (process.argv[3] ?? '2,5').split(',').map(Number);
const firstSeed = Number(process.argv[4] ?? 0); // a second process takes other seeds
if (
  !Number.isInteger(runs) ||
  runs < 1 ||
  !Number.isInteger(firstSeed) ||
  firstSeed < 0 ||
  counts.some((n) => !Number.isInteger(n) || n < 1)
) {
  process.stderr.write('usage: npx tsx test/resilience/installations-campaign.ts [runs] [counts, e.g. 2,5] [first seed]\n');
  process.exit(2);
}
const r = await runInstallationsCampaign(runs, counts, (line) => process.stderr.write(`${line}\n`), firstSeed);
console.log(r.lines.join('\n'));
if (r.problems.length) console.error(`problems:\n  ${r.problems.slice(0, 40).join('\n  ')}`);
process.exit(r.duplicates === 0 && r.lost === 0 && r.problems.length === 0 ? 0 : 1);
