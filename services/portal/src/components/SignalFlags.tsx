import type { Signal } from '../api/types';
import { signalBasis, signalText, signalTitle } from '../signals';

/** The card's flags: each finding with what it was judged against; the creator's figures stay as they are. */
export function SignalNotice({ signals }: { signals: readonly Signal[] | undefined }) {
  if (!signals?.length) return null;
  return (
    <div className="notice warn signals" role="note" aria-label="Worth a look">
      <p>
        <strong>Worth a look</strong> — unusual patterns in these figures, for you to judge:
      </p>
      <ul>
        {signals.map((s) => (
          <li key={s.kind === 'follower_jump' ? s.day : s.kind}>
            <strong>{signalTitle(s)}:</strong> {signalText(s)}. <span className="small">{signalBasis(s)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A discovery row's flags, in one line each under the creator's name. */
export function SignalLines({ signals }: { signals: readonly Signal[] }) {
  if (!signals.length) return null;
  return (
    <>
      {signals.map((s) => (
        <span key={s.kind === 'follower_jump' ? s.day : s.kind} className="signal-line small" title={signalBasis(s)}>
          <span className="badge warn">{signalTitle(s)}</span> {signalText(s)}
        </span>
      ))}
    </>
  );
}
