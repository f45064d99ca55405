import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ActionBar } from './ActionBar';
import { RolloutsApiError } from '../../api/errors';
import * as fx from '../../__fixtures__/views';

const labels = ['Promote', 'Promote full', 'Skip step', 'Abort', 'Retry', 'Pause', 'Resume', 'Rollback'];

describe('ActionBar', () => {
  it('renders every button; disabled ones carry the reason as title', () => {
    render(<ActionBar delivery={fx.progressingCanary()} onAction={jest.fn()} />);
    for (const l of labels) expect(screen.getByRole('button', { name: l })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Promote' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Retry' })).toHaveAttribute('title', 'The rollout is not aborted');
  });

  it('disables everything not permitted with the permission sentence', () => {
    render(<ActionBar delivery={fx.pausedManual()} permitted={[]} onAction={jest.fn()} />);
    for (const l of labels) expect(screen.getByRole('button', { name: l })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Promote' })).toHaveAttribute(
      'title',
      "You don't have permission to promote this entity",
    );
    expect(screen.getByRole('button', { name: 'Abort' })).toHaveAttribute('title', "You don't have permission to abort this entity");
  });

  it('confirms, sends the request with what the user saw, and shows the result', async () => {
    const onAction = jest.fn().mockResolvedValue({ action: 'promote', summary: 'Promoted to step 3', requests: [], noop: false });
    render(<ActionBar delivery={fx.pausedManual()} permitted={['promote']} onAction={onAction} />);
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('Promote rollout default/guestbook.');
    expect(screen.getByRole('button', { name: 'Confirm promote' })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Confirm promote' }));
    expect(onAction).toHaveBeenCalledWith({
      action: 'promote',
      expected: { revision: 4, stepIndex: 1, phase: 'Paused', status: 'Paused', canaryWeight: undefined },
      toRevision: undefined,
      reason: undefined,
    });
    expect(await screen.findByRole('status')).toHaveTextContent('Promoted to step 3');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows the 409 message when the delivery moved on', async () => {
    const onAction = jest.fn().mockRejectedValue(new RolloutsApiError(409, 'The rollout is no longer at step 2'));
    render(<ActionBar delivery={fx.pausedManual()} onAction={onAction} />);
    await userEvent.click(screen.getByRole('button', { name: 'Abort' }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm abort' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The delivery changed, nothing was done: The rollout is no longer at step 2');
  });

  it('shows the 403 message', async () => {
    const onAction = jest.fn().mockRejectedValue(new RolloutsApiError(403, 'Access denied'));
    render(<ActionBar delivery={fx.pausedManual()} onAction={onAction} />);
    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm pause' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not permitted: Access denied');
  });

  it('rolls back to the chosen revision', async () => {
    const onAction = jest.fn().mockResolvedValue({ action: 'rollback', summary: 'Rolled back', requests: [], noop: false });
    render(<ActionBar delivery={fx.healthy()} onAction={onAction} />);
    await userEvent.click(screen.getByRole('button', { name: 'Rollback' }));
    await userEvent.selectOptions(screen.getByRole('combobox'), '2');
    await userEvent.type(screen.getByRole('textbox'), 'bad release');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm rollback' }));
    expect(onAction).toHaveBeenCalledWith(expect.objectContaining({ action: 'rollback', toRevision: 2, reason: 'bad release' }));
  });

  it('cancels with Escape and with Cancel', async () => {
    const onAction = jest.fn();
    render(<ActionBar delivery={fx.pausedManual()} onAction={onAction} />);
    await userEvent.click(screen.getByRole('button', { name: 'Promote full' }));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await userEvent.click(screen.getByRole('button', { name: 'Skip step' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(onAction).not.toHaveBeenCalled();
  });

  it('keeps focus inside the dialog and gives it back to the button', async () => {
    render(<ActionBar delivery={fx.pausedManual()} onAction={jest.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Abort' }));
    const confirm = screen.getByRole('button', { name: 'Confirm abort' });
    expect(confirm).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('textbox')).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(confirm).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Abort' })).toHaveFocus();
  });

  it('survives a delivery without actions', () => {
    render(<ActionBar delivery={fx.malformed()} onAction={jest.fn()} />);
    expect(screen.getByRole('button', { name: 'Promote' })).toHaveAttribute('title', 'Promote is not available for this delivery');
  });
});
