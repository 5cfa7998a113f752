import { STAGES, type Stage } from '../../../../domain/case';
import { parseWaitingOn, type WaitingOnWord } from '../Overdue/waitingOn';

/**
 * What holds a manifest case back, as the operation writes it: `<stage>: <waiting-on keyword>` (e.g.
 * `approvals: supervisor:TH`) or a sentence of its own. The first form is read into words; the
 * second is shown as the server wrote it.
 */
export function parseBlockedOn(text: string): { stage: Stage; on: WaitingOnWord } | undefined {
  const at = text.indexOf(': ');
  if (at < 0) return undefined;
  const stage = text.slice(0, at);
  if (!(STAGES as readonly string[]).includes(stage)) return undefined;
  const on = parseWaitingOn(text.slice(at + 2));
  return on.kind === 'other' ? undefined : { stage: stage as Stage, on };
}
