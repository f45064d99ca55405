import { render, screen } from '@testing-library/react';
import { ConnectionStatus } from './ConnectionStatus';
import { NOW } from '../../__fixtures__/views';

describe('ConnectionStatus', () => {
  it('says live', () => {
    render(<ConnectionStatus connection={{ state: 'live', attempts: 0 }} clusters={[{ cluster: 'default', state: 'connected' }]} now={NOW} />);
    expect(screen.getByTestId('connection-state')).toHaveTextContent('live');
    expect(screen.queryByTestId('cluster-health')).not.toBeInTheDocument();
  });

  it('says reconnecting and stale since when, with age', () => {
    const staleSince = new Date(NOW - 95000).toISOString();
    render(<ConnectionStatus connection={{ state: 'reconnecting', staleSince, attempts: 2, error: 'network down' }} now={NOW} />);
    const el = screen.getByTestId('connection-state');
    expect(el).toHaveTextContent('reconnecting');
    expect(el).toHaveTextContent('stale since 2026-11-24 09:58:25Z (1m35s ago)');
    expect(el).toHaveTextContent('network down');
  });

  it('adds a line per failing cluster', () => {
    render(
      <ConnectionStatus
        connection={{ state: 'live', attempts: 0 }}
        clusters={[
          { cluster: 'prod', state: 'stale', staleSince: new Date(NOW - 30000).toISOString(), error: 'watch closed' },
          { cluster: 'edge', state: 'error', error: 'connect ECONNREFUSED' },
          { cluster: 'dev', state: 'connected' },
        ]}
        now={NOW}
      />,
    );
    const lines = screen.getAllByTestId('cluster-health');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toHaveTextContent('Cluster prod: stale since 2026-11-24 09:59:30Z (30s ago) — watch closed');
    expect(lines[1]).toHaveTextContent('Cluster edge: unreachable — connect ECONNREFUSED');
  });
});
