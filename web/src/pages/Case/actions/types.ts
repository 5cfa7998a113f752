import type { CaseActionSegment } from '../../../../../domain/case';
import type { CaseView } from '../../../queries/case';

/** What every action form gets: the case as shown, and whom to tell that its action was accepted. */
export interface ActionFormProps {
  view: CaseView;
  onDone: (segment: CaseActionSegment) => void;
}

/** An optional text input: empty means "not given", as the contract's optional fields expect. */
export const optionalText = { setValueAs: (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v) };
