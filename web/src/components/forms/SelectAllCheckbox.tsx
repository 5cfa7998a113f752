import { useEffect, useRef } from 'react';

/**
 * The checkbox over a list of selectable rows: checked when all are selected, mixed ("indeterminate",
 * announced as such by screen readers) when some are, clear when none are.
 */
export function SelectAllCheckbox({ state, onChange, label, testId }: { state: 'all' | 'some' | 'none'; onChange: (on: boolean) => void; label: string; testId?: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return <input ref={ref} type="checkbox" aria-label={label} checked={state === 'all'} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />;
}
