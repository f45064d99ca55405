/*
 * Host slots: a host with its own design system (Backstage) passes its native pieces here, and
 * the components use them instead of their plain defaults. The library itself stays free of any
 * host's packages, so the same components run in Argo CD and any React page.
 */
import { createContext, useContext } from 'react';
import type { ComponentType, ReactNode } from 'react';
import type { DeliveryStatus, DeliveryView } from '@rollscope/rollouts-common';

/** @public */
export interface RollscopeHostComponents {
  /** A status indicator before the status word (Backstage: StatusOK, StatusWarning, …). */
  StatusIcon?: ComponentType<{ status: DeliveryStatus; aborted?: boolean }>;
  /** The frame around one delivery (Backstage: InfoCard); the frame shows the delivery's name. */
  DeliveryFrame?: ComponentType<{ delivery: DeliveryView; children?: ReactNode }>;
  /** Shown while something loads (Backstage: Progress). */
  Loading?: ComponentType<{ label: string }>;
}

const HostContext = createContext<RollscopeHostComponents>({});

/** Provides a host's native components to every Rollscope component below. @public */
export function RollscopeHostProvider(props: { components: RollscopeHostComponents; children?: ReactNode }) {
  return <HostContext.Provider value={props.components}>{props.children}</HostContext.Provider>;
}

/** The host's components, or an empty object. @public */
export function useHostComponents(): RollscopeHostComponents {
  return useContext(HostContext);
}

/** A loading line: the host's progress indicator, or plain text that says what loads. @public */
export function Loading(props: { label: string }) {
  const { Loading: HostLoading } = useHostComponents();
  if (HostLoading) return <HostLoading label={props.label} />;
  return (
    <p className="rs-muted" role="status">
      {props.label}
    </p>
  );
}
