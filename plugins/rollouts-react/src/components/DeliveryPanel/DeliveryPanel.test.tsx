import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryPanel } from './DeliveryPanel';
import { derivedView, kindsIn, scenarioNames } from '../../__fixtures__/derived';
import { deliveryTabNames } from '../DeliveryTabs';
import * as fx from '../../__fixtures__/views';

const now = Date.parse('2026-11-24T10:00:00Z');

describe('DeliveryPanel over views derived from YAML scenarios', () => {
  const cases = scenarioNames().flatMap(name => kindsIn(name).map(kind => [name, kind] as const));

  it('has scenarios to render', () => {
    expect(cases.length).toBeGreaterThan(5);
  });

  it.each(cases)('%s (%s) renders every tab without crashing', async (name, kind) => {
    const view = derivedView(name, kind);
    render(<DeliveryPanel delivery={view} onAction={jest.fn()} history={[]} now={now} />);
    expect(screen.getByRole('status', { name: /^Status/ })).toHaveTextContent(view.status);
    for (const tab of deliveryTabNames) {
      await userEvent.click(screen.getByRole('tab', { name: tab }));
      expect(screen.getByRole('tabpanel')).toBeInTheDocument();
    }
  });

  it('blue/green with analysis shows its phases and services', () => {
    const view = derivedView('bluegreen-analysis', 'Rollout');
    render(<DeliveryPanel delivery={view} onAction={jest.fn()} now={now} />);
    expect(screen.getByText('BlueGreen')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Blue/green phases' })).toBeInTheDocument();
  });

  it('a Flagger canary shows its phase and analysis counters', () => {
    const view = derivedView('canary-flagger-progressing', 'Canary');
    render(<DeliveryPanel delivery={view} onAction={jest.fn()} now={now} />);
    expect(screen.getByTestId('canary-analysis')).toHaveTextContent(view.canaryAnalysis!.phase);
  });

  it('a malformed canary renders and states what could not be read', () => {
    const view = derivedView('canary-malformed', kindsIn('canary-malformed')[0]);
    render(<DeliveryPanel delivery={view} onAction={jest.fn()} now={now} />);
    const listed = screen.queryByRole('list', { name: 'Could not read' });
    expect(listed !== null).toBe(view.warnings.length > 0);
  });

  it('rolls back from a revision card through the same confirmation', async () => {
    const onAction = jest.fn().mockResolvedValue({ action: 'rollback', summary: '', requests: [], noop: false, delivery: fx.healthy() });
    render(<DeliveryPanel delivery={fx.healthy()} onAction={onAction} permitted={['rollback', 'promote', 'abort']} now={now} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Revisions' }));
    await userEvent.click(screen.getByRole('button', { name: 'Roll back to revision 3' }));
    expect(screen.getByRole('combobox')).toHaveValue('3');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm rollback' }));
    expect(onAction).toHaveBeenCalledWith(expect.objectContaining({ action: 'rollback', toRevision: 3 }));
  });

  it('a viewer sees no rollback buttons on revision cards', async () => {
    render(<DeliveryPanel delivery={fx.healthy()} onAction={jest.fn()} permitted={[]} now={now} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Revisions' }));
    expect(screen.queryByRole('button', { name: /Roll back/ })).toBeNull();
  });
});
