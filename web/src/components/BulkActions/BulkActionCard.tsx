/**
 * The frame of one bulk action over the selected cases: its heading (the selection bar links to it by
 * id) and how many cases it applies to, or what to do when none is selected.
 */
import { useId, type ReactNode } from 'react';

export function BulkActionCard({ id, title, testId, count, noneSelected, appliesTo, children }: {
  id: string;
  title: string;
  testId: string;
  count: number;
  noneSelected: string;
  appliesTo: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section id={id} className="card bulk-approval" aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId}>{title}</h2>
      <p className="hint" data-testid="bulk-count">
        {count === 0 ? noneSelected : appliesTo}
      </p>
      {children}
    </section>
  );
}
