import { useMemo, useState } from 'react';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { Content, EmptyState, Header, Link, Page, Progress, Table, WarningPanel } from '@backstage/core-components';
import type { TableColumn } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  ConnectionStatus,
  RollscopeRoot,
  countByState,
  filterOverview,
  overviewRows,
  overviewStates,
  useAllDeliveries,
} from '@rollscope/rollouts-react';
import type { OverviewRow, OverviewState } from '@rollscope/rollouts-react';
import { rolloutsApiRef } from '../api';
import { BackstageHost, BackstageStatusIcon } from './BackstageHost';
import { useEntityLink } from './useEntityLink';

const ownerName = (ref: string) => {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
  } catch {
    return ref;
  }
};

function Filters(props: {
  rows: OverviewRow[];
  states: OverviewState[];
  onStates(s: OverviewState[]): void;
  owner: string;
  onOwner(o: string): void;
  cluster: string;
  onCluster(c: string): void;
  text: string;
  onText(t: string): void;
}) {
  const counts = countByState(props.rows);
  const owners = [...new Set(props.rows.flatMap(r => r.owners))].sort();
  const clusters = [...new Set(props.rows.map(r => r.cluster).filter(Boolean))].sort();
  const toggle = (s: OverviewState) =>
    props.onStates(props.states.includes(s) ? props.states.filter(x => x !== s) : [...props.states, s]);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-end', marginBottom: 16 }}>
      <div role="group" aria-label="State" style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
        {overviewStates
          .filter(s => counts[s.state] > 0 || props.states.includes(s.state))
          .map(s => (
            <Chip
              key={s.state}
              label={`${s.label} (${counts[s.state]})`}
              color={props.states.includes(s.state) ? 'primary' : 'default'}
              variant={props.states.includes(s.state) ? 'default' : 'outlined'}
              onClick={() => toggle(s.state)}
              aria-pressed={props.states.includes(s.state)}
              data-state={s.state}
            />
          ))}
      </div>
      <TextField
        select
        id="rollouts-owner"
        label="Owner"
        size="small"
        style={{ minWidth: 180 }}
        value={props.owner}
        onChange={e => props.onOwner(String(e.target.value))}
        InputLabelProps={{ shrink: true, style: { color: 'inherit' } }}
        SelectProps={{ displayEmpty: true }}
      >
        <MenuItem value="">All owners</MenuItem>
        {owners.map(o => (
          <MenuItem key={o} value={o}>
            {ownerName(o)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        id="rollouts-cluster"
        label="Cluster"
        size="small"
        style={{ minWidth: 140 }}
        value={props.cluster}
        onChange={e => props.onCluster(String(e.target.value))}
        InputLabelProps={{ shrink: true, style: { color: 'inherit' } }}
        SelectProps={{ displayEmpty: true }}
      >
        <MenuItem value="">All clusters</MenuItem>
        {clusters.map(c => (
          <MenuItem key={c} value={c}>
            {c}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="rollouts-search"
        size="small"
        label="Search"
        value={props.text}
        onChange={e => props.onText(e.target.value)}
        InputLabelProps={{ style: { color: 'inherit' } }}
      />
    </div>
  );
}

/** Every delivery the signed-in user can see, needing a person first, filterable, live. @public */
export function RolloutsOverviewContent() {
  const api = useApi(rolloutsApiRef);
  const data = useAllDeliveries(api);
  const link = useEntityLink();
  const [states, setStates] = useState<OverviewState[]>([]);
  const [owner, setOwner] = useState('');
  const [cluster, setCluster] = useState('');
  const [text, setText] = useState('');
  const rows = useMemo(() => overviewRows(data.deliveries, data.entities), [data.deliveries, data.entities]);
  const shown = filterOverview(rows, { states, owner, cluster, text });
  const columns: TableColumn<OverviewRow>[] = [
    {
      title: 'State',
      field: 'stateLabel',
      render: r => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid="overview-state" data-state={r.state}>
          <BackstageStatusIcon status={r.delivery.status} aborted={r.delivery.aborted} />
          {r.stateLabel}
        </span>
      ),
    },
    {
      title: 'Delivery',
      field: 'delivery.name',
      render: r => {
        const entity = r.entities[0]?.entityRef;
        const name = `${r.delivery.namespace}/${r.delivery.name}`;
        return entity && link ? <Link to={link(entity, 'rollouts')}>{name}</Link> : name;
      },
    },
    { title: 'Kind', field: 'delivery.kind' },
    { title: 'Step', field: 'step' },
    { title: 'Canary', render: r => (r.canaryPercent === undefined ? '—' : `${r.canaryPercent}%`) },
    { title: 'Owner', render: r => r.owners.map(ownerName).join(', ') || '—' },
    {
      title: 'Entity',
      render: r =>
        r.entities.map(e => (
          <div key={e.entityRef}>{link ? <Link to={link(e.entityRef)}>{humanizeEntityRef(parseEntityRef(e.entityRef))}</Link> : e.entityRef}</div>
        )),
    },
    { title: 'Cluster', field: 'cluster' },
    { title: 'Message', render: r => <span style={{ fontSize: 12 }}>{r.delivery.message}</span> },
  ];
  let body;
  if (!data.loaded && data.error) body = <WarningPanel severity="error" title="Could not load deliveries" message={data.error.message} />;
  else if (!data.loaded) body = <Progress aria-label="Loading deliveries" />;
  else if (rows.length === 0)
    body = (
      <EmptyState
        missing="data"
        title="No deliveries you can see"
        description="No catalog entity you may read has Argo Rollouts, CanaryDeliveries or Flagger canaries."
      />
    );
  else
    body = (
      <>
        <Filters
          rows={rows}
          states={states}
          onStates={setStates}
          owner={owner}
          onOwner={setOwner}
          cluster={cluster}
          onCluster={setCluster}
          text={text}
          onText={setText}
        />
        <Table<OverviewRow>
          title={`Deliveries (${shown.length} of ${rows.length})`}
          options={{ paging: shown.length > 20, pageSize: 20, search: false, padding: 'dense', sorting: false, draggable: false }}
          columns={columns}
          data={shown.map(r => ({ ...r }))}
        />
      </>
    );
  return (
    <BackstageHost frame={false}>
      <RollscopeRoot>
        <ConnectionStatus connection={data.connection} clusters={data.clusters} />
        {body}
      </RollscopeRoot>
    </BackstageHost>
  );
}

/** The Rollouts overview as a whole page with its header (legacy frontend system). @public */
export function RolloutsOverviewPage() {
  return (
    <Page themeId="tool">
      <Header title="Rollouts" subtitle="Every delivery you can see, those waiting for a person first" />
      <Content>
        <RolloutsOverviewContent />
      </Content>
    </Page>
  );
}
