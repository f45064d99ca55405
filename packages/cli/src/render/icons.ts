/*
 * Glyphs and colours as kubectl argo rollouts prints them. Presentation only: the model holds
 * statuses; the CLI picks the glyph.
 */

export const Icon = {
  waiting: '◷',
  progressing: '◌',
  warning: '⚠',
  unknown: '?',
  ok: '✔',
  bad: '✖',
  paused: '॥',
  neutral: '•',
} as const;

export const KindIcon = {
  rollout: '⟳',
  revision: '#',
  replicaSet: '⧉',
  pod: '□',
  job: '⊞',
  experiment: 'Σ',
  analysis: 'α',
  canary: '⟳',
} as const;

export function rolloutIcon(status: string): string {
  switch (status) {
    case 'Progressing':
      return Icon.progressing;
    case 'Error':
    case 'InvalidSpec':
      return Icon.warning;
    case 'Paused':
      return Icon.paused;
    case 'Healthy':
      return Icon.ok;
    case 'Degraded':
      return Icon.bad;
    case 'Unknown':
      return Icon.unknown;
    case 'ScaledDown':
      return Icon.neutral;
    default:
      return ' ';
  }
}

export function replicaSetIcon(status: string): string {
  switch (status) {
    case 'Progressing':
      return Icon.progressing;
    case 'Healthy':
      return Icon.ok;
    case 'ReplicaFailure':
      return Icon.bad;
    case 'ScaledDown':
      return Icon.neutral;
    default:
      return ' ';
  }
}

export function podIcon(status: string): string {
  if (status.startsWith('Init:')) return Icon.progressing;
  if (status.startsWith('Signal:') || status.startsWith('ExitCode:')) return Icon.bad;
  if (status.endsWith('Error') || status.startsWith('Err')) return Icon.warning;
  switch (status) {
    case 'Pending':
    case 'Terminating':
    case 'ContainerCreating':
      return Icon.progressing;
    case 'Running':
    case 'Completed':
      return Icon.ok;
    case 'Failed':
    case 'InvalidImageName':
    case 'CrashLoopBackOff':
      return Icon.bad;
    case 'ImagePullBackOff':
    case 'RegistryUnavailable':
      return Icon.warning;
    case 'Unknown':
      return Icon.unknown;
    default:
      return ' ';
  }
}

export function analysisIcon(phase: string): string {
  switch (phase) {
    case 'Successful':
      return Icon.ok;
    case 'Inconclusive':
      return Icon.unknown;
    case 'Failed':
      return Icon.bad;
    case 'Error':
      return Icon.warning;
    case 'Running':
      return Icon.progressing;
    case 'Pending':
      return Icon.waiting;
    default:
      return ' ';
  }
}

const FG_RED = 31;
const FG_GREEN = 32;
const FG_YELLOW = 33;
const FG_HI_BLUE = 94;

const COLORS: Record<string, number> = {
  [Icon.waiting]: FG_YELLOW,
  [Icon.progressing]: FG_HI_BLUE,
  [Icon.warning]: FG_RED,
  [Icon.unknown]: FG_YELLOW,
  [Icon.ok]: FG_GREEN,
  [Icon.bad]: FG_RED,
  canary: FG_YELLOW,
  stable: FG_GREEN,
  active: FG_GREEN,
  preview: FG_HI_BLUE,
  ping: FG_HI_BLUE,
  pong: FG_HI_BLUE,
  Pending: FG_HI_BLUE,
  Running: FG_HI_BLUE,
};

/** Colours text the way kubectl argo rollouts does; `key` picks the colour (defaults to the text). */
export class Colorizer {
  constructor(private readonly noColor: boolean) {}

  color(s: string, key: string = s): string {
    if (this.noColor) return s;
    const code = COLORS[key] ?? 0;
    return `\x1b[${code}m${s}\x1b[0m`;
  }
}
