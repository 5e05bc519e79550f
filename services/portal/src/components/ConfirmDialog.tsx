import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ErrorNotice } from '../ui';

/**
 * A modal question, on the browser's own `<dialog>`: it keeps the focus inside while open, Escape
 * cancels, and the focus returns to the button that opened it. Only `confirm` acts; closing in
 * any other way does nothing. `tone` is `danger` before a destructive act (the default).
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirm,
  cancel = 'Cancel',
  pending,
  error,
  tone = 'danger',
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirm: string;
  cancel?: string;
  pending?: boolean;
  error?: unknown;
  tone?: 'danger' | 'primary';
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="confirm" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="button" className={tone} disabled={pending} onClick={onConfirm}>
          {confirm}
        </button>
        {/* The safe answer takes the focus, so a stray Enter changes nothing. */}
        <button type="button" autoFocus onClick={onClose}>
          {cancel}
        </button>
      </div>
    </dialog>
  );
}
