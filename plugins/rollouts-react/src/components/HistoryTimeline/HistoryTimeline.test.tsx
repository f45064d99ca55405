import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HistoryEntry } from '@rollscope/rollouts-common';
import { groupByRelease, HistoryTimeline } from './HistoryTimeline';
import * as fx from '../../__fixtures__/views';

const at = (minutes: number) => new Date(Date.parse('2026-11-24T09:00:00Z') + minutes * 60_000).toISOString();

/** A long history: 30 releases, each with 20 weight/step events and one promote. */
function longHistory(): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (let r = 1; r <= 30; r++) {
    out.push({ id: `r${r}`, deliveryKey: 'k', at: at(r * 30), type: 'revision', message: `Revision ${r - 1} → ${r}`, revision: r });
    for (let i = 0; i < 20; i++) out.push({ id: `w${r}-${i}`, deliveryKey: 'k', at: at(r * 30 + i + 1), type: 'weight', message: `Weight ${i * 5}%`, canaryPercent: i * 5 });
    out.push({ id: `a${r}`, deliveryKey: 'k', at: at(r * 30 + 25), type: 'action', message: 'promote by user:default/alice: succeeded', actor: 'user:default/alice', action: 'promote', outcome: 'succeeded', revision: r });
  }
  return out;
}

describe('HistoryTimeline', () => {
  it('groups entries by release, newest first, with the actor printed once', () => {
    render(
      <HistoryTimeline
        entries={[
          { id: 'a', deliveryKey: 'k', at: '2026-11-24T09:00:00Z', type: 'revision', message: 'Revision 1 → 2', revision: 2 },
          { id: 'b', deliveryKey: 'k', at: '2026-11-24T09:01:00Z', type: 'step', message: 'Step 1 → 2' },
          { id: 'c', deliveryKey: 'k', at: '2026-11-24T09:05:00Z', type: 'action', message: 'promote by user:default/viewer-victor: forbidden', actor: 'user:default/viewer-victor', outcome: 'forbidden', revision: 2 },
          { id: 'd', deliveryKey: 'k', at: '2026-11-24T09:10:00Z', type: 'revision', message: 'Revision 2 → 3', revision: 3 },
        ]}
      />,
    );
    const groups = within(screen.getByRole('list', { name: 'Timeline' })).getAllByRole('listitem').filter(li => li.classList.contains('rs-history-group'));
    expect(groups.map(g => g.getAttribute('aria-label'))).toEqual(['Revision 3', 'Revision 2']);
    const rev2 = within(groups[1]).getAllByRole('listitem');
    expect(rev2.map(li => li.getAttribute('data-type'))).toEqual(['action', 'step', 'revision']);
    expect(rev2[0].textContent!.match(/viewer-victor/g)).toHaveLength(1);
    expect(rev2[0]).toHaveTextContent('2026-11-24 09:05:00Z');
  });

  it('pages a long history instead of listing hundreds of lines', async () => {
    render(<HistoryTimeline entries={longHistory()} />);
    expect(document.querySelectorAll('li[data-type]').length).toBeLessThanOrEqual(5 * 8);
    expect(screen.getAllByRole('listitem', { name: /^Revision/ })).toHaveLength(5);
    await userEvent.click(screen.getByRole('button', { name: 'Show older releases (25 more)' }));
    expect(screen.getAllByRole('listitem', { name: /^Revision/ })).toHaveLength(10);
    await userEvent.click(screen.getAllByRole('button', { name: /Show 14 more events of revision 30/ })[0]);
    expect(within(screen.getByRole('listitem', { name: 'Revision 30' })).getAllByRole('listitem')).toHaveLength(22);
  });

  it('attaches entries without a revision to the release current at the time', () => {
    const groups = groupByRelease(longHistory());
    expect(groups).toHaveLength(30);
    expect(groups[0].revision).toBe(30);
    expect(groups[0].entries).toHaveLength(22);
  });

  it('shows CanaryDelivery releases', () => {
    render(<HistoryTimeline entries={[]} releases={fx.canaryDelivery().releases} />);
    expect(screen.getByRole('table', { name: 'Releases' })).toHaveTextContent('shop/cart:1.5');
    expect(screen.getByText('No history recorded yet.')).toBeInTheDocument();
  });

  it('shows loading and errors', () => {
    const { unmount } = render(<HistoryTimeline entries={[]} loading error="boom" />);
    expect(screen.getByText('History could not be loaded: boom')).toBeInTheDocument();
    unmount();
    render(<HistoryTimeline entries={[]} loading />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading history…');
    expect(screen.queryByText('No history recorded yet.')).toBeNull();
  });
});
