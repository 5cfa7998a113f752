import { useId, type ReactNode } from 'react';
import type { FieldError } from 'react-hook-form';

export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
  /** A required field says so to screen readers too; the visible "*" is hidden from them. */
  'aria-required': true | undefined;
}

/**
 * One labelled form control with its hint and its error (the browser-side rule's or the server's),
 * wired for screen readers: the error is announced and the control points at it.
 */
export function Field({ label, hint, error, required, children }: { label: ReactNode; hint?: ReactNode; error?: FieldError | { message?: string }; required?: boolean; children: (props: FieldControlProps) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error?.message ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error?.message ? 'field has-error' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true" className="required"> *</span>}
      </label>
      {hint && <p id={hintId} className="hint">{hint}</p>}
      {children({ id, 'aria-invalid': error?.message ? true : undefined, 'aria-describedby': describedBy, 'aria-required': required ? true : undefined })}
      {error?.message && (
        <p id={errorId} className="field-error" data-testid="field-error">
          {error.message}
        </p>
      )}
    </div>
  );
}

/** A group of radio buttons or checkboxes under one legend. */
export function FieldSet({ legend, error, children }: { legend: ReactNode; error?: FieldError | { message?: string }; children: ReactNode }) {
  const id = useId();
  return (
    <fieldset className={error?.message ? 'fieldset has-error' : 'fieldset'} aria-describedby={error?.message ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {children}
      {error?.message && (
        <p id={`${id}-error`} className="field-error" data-testid="field-error">
          {error.message}
        </p>
      )}
    </fieldset>
  );
}
