import { AppError, CAMPAIGN_STATUSES } from '#libs/contracts';
import { assertTakesOffers, transition } from './campaign.state-machine.js';

describe('campaign state machine', () => {
  it('pauses an active campaign, resumes a paused one, closes either', () => {
    expect(transition('active', { type: 'pause' })).toEqual({ status: 'paused', event: 'paused' });
    expect(transition('paused', { type: 'resume' })).toEqual({ status: 'active', event: 'resumed' });
    expect(transition('active', { type: 'close' })).toEqual({ status: 'closed', event: 'closed' });
    expect(transition('paused', { type: 'close' })).toEqual({ status: 'closed', event: 'closed' });
  });

  it('edits an active or paused campaign without changing where it stands', () => {
    expect(transition('active', { type: 'edit' })).toEqual({ status: 'active', event: 'edited' });
    expect(transition('paused', { type: 'edit' })).toEqual({ status: 'paused', event: 'edited' });
  });

  it('refuses with 409 what the state does not allow, naming the state', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof AppError ? { status: err.status, detail: err.detail } : err;
      }
      return 'allowed';
    };
    expect(refusal(() => transition('paused', { type: 'pause' }))).toEqual({ status: 409, detail: 'only an active campaign can be paused (it is paused)' });
    expect(refusal(() => transition('active', { type: 'resume' }))).toEqual({ status: 409, detail: 'only a paused campaign can be resumed (it is active)' });
    for (const type of ['pause', 'resume', 'close', 'edit'] as const) {
      expect(refusal(() => transition('closed', { type }))).toEqual({ status: 409, detail: 'the campaign is closed; it can no longer change' });
    }
  });

  it('lets only an active campaign take new offers, and says why not', () => {
    expect(CAMPAIGN_STATUSES.filter((s) => { try { assertTakesOffers(s); return true; } catch { return false; } })).toEqual(['active']);
    expect(() => assertTakesOffers('paused')).toThrow(expect.objectContaining({ status: 409, title: 'Campaign paused' }));
    expect(() => assertTakesOffers('closed')).toThrow(expect.objectContaining({ status: 409, title: 'Campaign closed' }));
  });
});
