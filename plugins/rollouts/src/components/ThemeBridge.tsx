import type { CSSProperties, ReactNode } from 'react';
import { darken, useTheme } from '@material-ui/core/styles';

/**
 * Maps the Material UI (Backstage) theme onto Rollscope's CSS variables. Colours that carry text
 * (status words, white on a filled button or chip) take the theme's darker shades so they keep
 * WCAG AA contrast on light themes; fills and lines keep the main shades.
 */
export function ThemeBridge(props: { children?: ReactNode }) {
  const theme = useTheme();
  const p = theme.palette;
  const dark = theme.palette.type === 'dark';
  const onLight = (c: string | undefined, fallback: string, amount = 0.3) => {
    if (!c) return fallback;
    return dark ? c : darken(c, amount);
  };
  const style = {
    '--rollscope-stable': p.success?.main ?? '#2e7d32',
    '--rollscope-canary': p.warning?.main ?? '#ef6c00',
    '--rollscope-preview': p.primary.main,
    '--rollscope-experiment': p.secondary.main,
    '--rollscope-text': p.text.primary,
    '--rollscope-text-muted': p.text.secondary,
    '--rollscope-surface': p.background.paper,
    '--rollscope-surface-alt': p.background.default,
    '--rollscope-border': p.divider,
    '--rollscope-danger': onLight(p.error.main, '#c62828', 0.15),
    '--rollscope-warning': onLight(p.warning?.main, '#b26a00', 0.45),
    '--rollscope-ok': onLight(p.success?.main, '#2e7d32', 0.35),
    '--rollscope-font': theme.typography.fontFamily,
  } as CSSProperties;
  return <div style={style}>{props.children}</div>;
}
