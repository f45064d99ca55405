import { useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { DeliveryView, HistoryEntry } from '@rollscope/rollouts-common';
import { StepProgress } from '../StepProgress';
import { LiveTraffic } from '../LiveTraffic';
import { Revisions } from '../Revisions';
import { AnalysisRuns } from '../AnalysisRuns';
import { HistoryTimeline } from '../HistoryTimeline';

/** Tab names, exactly. @public */
export const deliveryTabNames = ['Steps', 'Live traffic', 'Revisions', 'Analysis', 'History'] as const;
/** @public */
export type DeliveryTabName = (typeof deliveryTabNames)[number];

/** @public */
export interface DeliveryTabsProps {
  delivery: DeliveryView;
  history?: HistoryEntry[];
  historyLoading?: boolean;
  historyError?: string;
  initialTab?: DeliveryTabName;
  now?: number;
  /** Offer rollback on a revision card (see {@link Revisions}). */
  rollbackFor?: (revision: number) => { run(): void; disabledReason?: string } | undefined;
}

/** Steps, Live traffic, Revisions, Analysis, History. @public */
export function DeliveryTabs(props: DeliveryTabsProps) {
  const [tab, setTab] = useState<DeliveryTabName>(props.initialTab ?? 'Steps');
  const base = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const d = props.delivery;
  const onKey = (e: KeyboardEvent, i: number) => {
    const n = deliveryTabNames.length;
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % n;
    if (e.key === 'ArrowLeft') next = (i + n - 1) % n;
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = n - 1;
    if (next >= 0) {
      e.preventDefault();
      setTab(deliveryTabNames[next]);
      refs.current[next]?.focus();
    }
  };
  return (
    <div>
      <div role="tablist" className="rs-tabs" aria-label={`${d.name} details`}>
        {deliveryTabNames.map((name, i) => (
          <button
            key={name}
            ref={el => {
              refs.current[i] = el;
            }}
            role="tab"
            type="button"
            className="rs-tab"
            id={`${base}-tab-${i}`}
            aria-controls={`${base}-panel-${i}`}
            aria-selected={tab === name}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={e => onKey(e, i)}
          >
            {name}
          </button>
        ))}
      </div>
      {deliveryTabNames.map((name, i) =>
        tab === name ? (
          <div key={name} role="tabpanel" id={`${base}-panel-${i}`} aria-labelledby={`${base}-tab-${i}`}>
            {name === 'Steps' && <StepProgress delivery={d} now={props.now} />}
            {name === 'Live traffic' && <LiveTraffic delivery={d} history={props.history} now={props.now} />}
            {name === 'Revisions' && <Revisions delivery={d} now={props.now} rollbackFor={props.rollbackFor} />}
            {name === 'Analysis' && <AnalysisRuns delivery={d} now={props.now} />}
            {name === 'History' && (
              <HistoryTimeline
                entries={props.history ?? []}
                releases={d.releases}
                loading={props.historyLoading}
                error={props.historyError}
              />
            )}
          </div>
        ) : null,
      )}
    </div>
  );
}
