/*
 * Small inline SVG icons (Material Design shapes, 24-unit grid) so every host renders the same
 * glyphs without an icon font or @material-ui/icons in the Argo CD bundle.
 */
import type { StepKind } from '@rollscope/rollouts-common';

const paths = {
  /** Traffic split: a scale. */
  weight: 'M12 3c-1.27 0-2.4.8-2.82 2H3v2h1.95L2 14c-.47 2 1 3 3.5 3s4.06-1 3.5-3L6.05 7h3.12c.33.85 1 1.5 1.83 1.83V20H2v2h20v-2h-9V8.82c.85-.3 1.5-.98 1.83-1.82h3.12L15 14c-.47 2 1 3 3.5 3s4.06-1 3.5-3l-2.95-7H21V5h-6.17C14.4 3.8 13.27 3 12 3zm0 2a1 1 0 110 2 1 1 0 010-2zM5.5 10.25L7 14H4l1.5-3.75zm13 0L20 14h-3l1.5-3.75z',
  pause: 'M6 19h4V5H6v14zm8-14v14h4V5h-4z',
  analysis: 'M3.5 18.49l6-6.01 4 4L22 6.92l-1.41-1.41-7.09 7.97-4-4L2 16.99z',
  experiment: 'M7 2v2h1v6.5L3.3 18.6C2.6 19.9 3.5 21.5 5 21.5h14c1.5 0 2.4-1.6 1.7-2.9L16 10.5V4h1V2H7zm3 2h4v7l2.3 4H7.7L10 11V4z',
  promotion: 'M4 12l1.41 1.41L11 7.83V20h2V7.83l5.58 5.59L20 12l-8-8-8 8z',
  route: 'M14 4l2.29 2.29-2.88 2.88 1.42 1.42 2.88-2.88L20 10V4h-6zm-4 0H4v6l2.29-2.29 4.71 4.7V20h2v-8.41l-5.29-5.3L10 4z',
  check: 'M9 16.17L4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z',
  close: 'M19 6.41L17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z',
  play: 'M8 5v14l11-7z',
  more: 'M12 8c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2zm0 2c-1.1 0-2 .9-2 2s.9 2 2 2 2-.9 2-2-.9-2-2-2zm0 6c-1.1 0-2 .9-2 2s.9 2 2 2 2-.9 2-2-.9-2-2-2z',
  person: 'M12 12c2.21 0 4-1.79 4-4s-1.79-4-4-4-4 1.79-4 4 1.79 4 4 4zm0 2c-2.67 0-8 1.34-8 4v2h16v-2c0-2.66-5.33-4-8-4z',
  dot: 'M12 8a4 4 0 100 8 4 4 0 000-8z',
} as const;

/** @public */
export type IconName = keyof typeof paths;

/** A 24-unit SVG icon in the current colour; decorative unless given a title. @public */
export function Icon(props: { name: IconName; size?: number; title?: string; color?: string }) {
  const size = props.size ?? 16;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={props.color ?? 'currentColor'}
      aria-hidden={props.title ? undefined : true}
      role={props.title ? 'img' : undefined}
      aria-label={props.title}
      focusable="false"
      style={{ flex: 'none', verticalAlign: 'middle' }}
    >
      <path d={paths[props.name]} />
    </svg>
  );
}

/** The icon for a kind of step. @public */
export function stepIcon(kind: StepKind | string): IconName {
  switch (kind) {
    case 'setWeight':
    case 'weight':
    case 'setCanaryScale':
    case 'iteration':
      return 'weight';
    case 'pause':
      return 'pause';
    case 'analysis':
      return 'analysis';
    case 'experiment':
      return 'experiment';
    case 'promotion':
    case 'bluegreenPhase':
      return 'promotion';
    case 'setHeaderRoute':
    case 'setMirrorRoute':
      return 'route';
    default:
      return 'dot';
  }
}
