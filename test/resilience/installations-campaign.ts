// `npx tsx test/resilience/installations-campaign.ts [runs]`: only the installations campaign of
// report.ts (issue 13), with a line per schedule on stderr and the summary lines on stdout.
import { runInstallationsCampaign } from './installations';

const runs = Number(process.argv[2] ?? process.env.INSTALL_RUNS ?? 200);
const r = await runInstallationsCampaign(runs, [2, 5], (line) => process.stderr.write(`${line}\n`));
console.log(r.lines.join('\n'));
if (r.problems.length) console.error(`problems:\n  ${r.problems.slice(0, 40).join('\n  ')}`);
process.exit(r.duplicates === 0 && r.lost === 0 && r.problems.length === 0 ? 0 : 1);
