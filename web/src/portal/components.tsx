// Small form building blocks. Everything is rendered as text: no HTML from data, ever.
import type { ReactNode } from 'react';
import { ApiError } from './api.ts';
import { useI18n, type I18n } from './i18n/index.ts';

export function errorText(t: I18n['t'], e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'NETWORK') return t('common.networkError');
    return e.message || t('common.unexpectedError');
  }
  return t('common.unexpectedError');
}

interface FieldProps {
  id: string;
  label: string;
  help?: string;
  error?: string | undefined;
  required?: boolean;
  children: (a11y: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; 'aria-required'?: boolean }) => ReactNode;
}

export function Field({ id, label, help, error, required, children }: FieldProps) {
  const { t } = useI18n();
  const describedBy = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        <span className={required ? 'mark mark-required' : 'mark'}>{required ? t('common.required') : t('common.optional')}</span>
      </label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true } : {}), ...(required ? { 'aria-required': true } : {}) })}
      {help ? (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Alert({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Section({ title, id, children }: { title: string; id?: string; children: ReactNode }) {
  const headingId = `${id ?? title}-heading`;
  return (
    <section className="card" aria-labelledby={headingId} {...(id ? { id } : {})}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** Multi-line text the customer or staff typed, kept as text with its line breaks. */
export function Paragraphs({ text }: { text: string }) {
  return <p className="prewrap">{text}</p>;
}
