import { type ButtonHTMLAttributes, type ComponentProps, type ReactNode, useEffect } from 'react';
import { ApiError } from '../api/client';

export function cx(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(' ');
}

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';
const VARIANTS: Record<Variant, string> = {
  primary: 'bg-sky-700 text-white hover:bg-sky-600 disabled:bg-sky-900/50',
  secondary:
    'border border-slate-300 bg-white hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800',
  danger: 'bg-red-700 text-white hover:bg-red-600 disabled:bg-red-900/50',
  ghost: 'hover:bg-slate-200 dark:hover:bg-slate-800',
};

export function Button({
  variant = 'secondary',
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      {...props}
      className={cx(
        'inline-flex items-center gap-1 rounded px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60',
        VARIANTS[variant],
        className,
      )}
    />
  );
}

const INPUT =
  'rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900 focus:outline-2 focus:outline-sky-600';

export function Input({ className, ...props }: ComponentProps<'input'>) {
  return <input {...props} className={cx(INPUT, className)} />;
}

export function Select({ className, ...props }: ComponentProps<'select'>) {
  return <select {...props} className={cx(INPUT, className)} />;
}

export function TextArea({ className, ...props }: ComponentProps<'textarea'>) {
  return <textarea {...props} className={cx(INPUT, 'mono', className)} />;
}

/** A labelled form control with the API's message for that field under it. */
export function Field({
  label,
  name,
  error,
  hint,
  children,
}: {
  label: string;
  name?: string;
  error?: unknown;
  hint?: string;
  children: ReactNode;
}) {
  const message = name && error instanceof ApiError ? error.fieldError(name) : undefined;
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in
    <label className="block space-y-1 [&>input:not([type=checkbox])]:w-full [&>select]:w-full [&>textarea]:w-full">
      <span className="text-xs font-semibold text-slate-600 dark:text-slate-400">{label}</span>
      {children}
      {message ? (
        <span className="block text-xs text-red-600 dark:text-red-400" data-field-error={name}>
          {message}
        </span>
      ) : hint ? (
        <span className="block text-xs text-slate-500">{hint}</span>
      ) : null}
    </label>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div
      role="alert"
      className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      {message}
    </div>
  );
}

export function Card({
  title,
  actions,
  children,
  className,
  id,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** An anchor a link on the same page may point at. */
  id?: string;
}) {
  return (
    <section
      id={id}
      className={cx(
        // min-w-0: in a grid or flex row a card shrinks to its cell; a wide table scrolls inside it.
        'min-w-0 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900',
        className,
      )}
    >
      {(title || actions) && (
        <header className="mb-3 flex items-center justify-between gap-2">
          <h2 className="text-sm font-semibold">{title}</h2>
          <div className="flex gap-2">{actions}</div>
        </header>
      )}
      {children}
    </section>
  );
}

const BADGE: Record<string, string> = {
  success: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  reachable: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  running: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  queued: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  partial: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  failed: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  unreachable: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  cancelled: 'bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-400',
  // A change's life and its devices'.
  draft: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  previewed: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  awaiting_approval: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  approved: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  rejected: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  succeeded: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  confirmed: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  reverted: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  applied: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  skipped: 'bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-400',
  pending: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

/** A status word in its colour; `tone` borrows a status's colour for another word ("revoked"). */
export function Badge({ value, tone }: { value: string; tone?: keyof typeof BADGE }) {
  return (
    <span
      data-status={value}
      className={cx('rounded px-1.5 py-0.5 text-xs font-medium', BADGE[tone ?? value] ?? BADGE.queued)}
    >
      {value}
    </span>
  );
}

export function PageHeader({ title, actions }: { title: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
      <h1 className="text-lg font-semibold">{title}</h1>
      <div className="flex flex-wrap gap-2">{actions}</div>
    </div>
  );
}

export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage(p: number): void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <div className="mt-2 flex items-center justify-between text-xs text-slate-500">
      <span>
        {total === 0
          ? 'none'
          : `${(page - 1) * pageSize + 1}–${Math.min(page * pageSize, total)} of ${total}`}
      </span>
      <div className="flex items-center gap-1">
        <Button variant="ghost" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          <span aria-hidden>‹ </span>Prev
        </Button>
        <span>
          page {page} / {pages}
        </span>
        <Button variant="ghost" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next<span aria-hidden> ›</span>
        </Button>
      </div>
    </div>
  );
}

/** Escape closes the topmost dialog, wherever the focus is. */
function useEscape(onClose: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
}

export function Modal({
  title,
  onClose,
  children,
  wide,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
}) {
  useEscape(onClose);
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-black/40 p-6">
      <div
        role="dialog"
        aria-label={title}
        className={cx(
          'w-full rounded-lg bg-white p-4 shadow-xl dark:bg-slate-900',
          wide ? 'max-w-5xl' : 'max-w-lg',
        )}
      >
        <header className="mb-3 flex items-center justify-between">
          <h2 className="font-semibold">{title}</h2>
          <Button variant="ghost" onClick={onClose} aria-label="close">
            ✕
          </Button>
        </header>
        {children}
      </div>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="py-6 text-center text-sm text-slate-500">{children}</p>;
}

export function Loading() {
  return <p className="py-6 text-center text-sm text-slate-500">Loading…</p>;
}

export function when(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** A time with its zone named ("12/2/26, 2:00 PM UTC"): in `timeZone`, else the browser's. */
export function whenZoned(value: string | null | undefined, timeZone?: string): string {
  if (!value) return '—';
  const options: Intl.DateTimeFormatOptions = {
    year: '2-digit',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Date(value).toLocaleString(undefined, { ...options, ...(timeZone ? { timeZone } : {}) });
  } catch {
    // A zone the browser does not know: the browser's own, named.
    return new Date(value).toLocaleString(undefined, options);
  }
}

export function ago(value: string | null | undefined): string {
  if (!value) return 'never';
  const s = Math.round((Date.now() - new Date(value).getTime()) / 1000);
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}
