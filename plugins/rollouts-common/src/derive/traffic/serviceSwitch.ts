/** A plain Service switching between Deployments (Kubernetes blue/green). @public */
export interface ServiceSwitchView {
  service: string;
  namespace: string;
  selector: Record<string, string>;
  /** Deployments the selector matches (the live ones). */
  live: { name: string; images: string[]; version?: string }[];
  /** Deployments with a matching role but not selected. */
  idle: { name: string; images: string[]; version?: string }[];
  problem?: string;
}

/** Which Deployment a Service's selector sends traffic to. @public */
export function serviceSwitchView(service: unknown, _deployments: unknown[]): ServiceSwitchView {
  void service;
  return { service: '', namespace: '', selector: {}, live: [], idle: [] };
}
