/** Makes sure the Temporal CLI is there before tests or `npm start` need it (building it once if not). */
import { ensureTemporalCli } from '../temporal/cli';

ensureTemporalCli((line) => process.stderr.write(`[temporal] ${line}\n`)).catch((err: unknown) => {
  process.stderr.write(`[temporal] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
