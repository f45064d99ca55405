import { useEffect } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import { ensureRollscopeStyles } from '../../theme';

/** Wraps Rollscope content: injects the stylesheet once and scopes the base styles. @public */
export function RollscopeRoot(props: { children?: ReactNode; className?: string; style?: CSSProperties }) {
  ensureStylesOnce();
  return (
    <div className={`rs-root${props.className ? ` ${props.className}` : ''}`} style={props.style}>
      {props.children}
    </div>
  );
}

function ensureStylesOnce() {
  // Synchronous on render so the first paint is styled; a cheap id lookup after the first time.
  if (typeof document !== 'undefined') ensureRollscopeStyles(document);
}

/** Hook form for hosts that render components without RollscopeRoot. @public */
export function useRollscopeStyles() {
  useEffect(() => ensureRollscopeStyles(), []);
}
