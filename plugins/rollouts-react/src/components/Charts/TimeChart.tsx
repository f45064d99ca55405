/*
 * A time-series chart in plain SVG. Hand-written instead of a chart library because the Argo CD
 * extension bundles everything it renders (React comes from the page), and what we draw — one or
 * two series, a time axis, threshold lines and event marks — is ~150 lines; the small libraries
 * that could do it either pin React ≤ 18 or add 40–100 kB gzip to the extension.
 */
import { useEffect, useRef, useState } from 'react';
import type { Sample } from './Charts';

/** A horizontal reference line (e.g. an analysis success threshold). @public */
export interface ChartThreshold {
  value: number;
  label: string;
  kind?: 'success' | 'failure';
}

/** A vertical mark at an instant (e.g. a person's action). @public */
export interface ChartMark {
  t: number;
  label: string;
}

/** @public */
export interface TimeChartProps {
  samples: Sample[];
  label: string;
  /** Unit appended to y-axis labels ("%"). */
  unit?: string;
  min?: number;
  max?: number;
  height?: number;
  /** Fixed width; otherwise the chart fills its container. */
  width?: number;
  /** Draw as steps (a weight holds until the next change). */
  step?: boolean;
  color?: string;
  thresholds?: ChartThreshold[];
  marks?: ChartMark[];
  /** Extend the time axis to this instant (the line holds its last value until then). */
  until?: number;
}

const muted = 'var(--rollscope-text-muted, #5f6b7a)';
const border = 'var(--rollscope-border, #d5dbe1)';

/** Tick positions every 1/2/5/10/15/30 s, 1/2/5/10/15/30 min, 1/2/3/6/12 h or days. */
function timeTicks(t0: number, t1: number, maxTicks: number): number[] {
  const span = Math.max(1, t1 - t0);
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map(
    s => s * 1000,
  );
  const step = steps.find(s => span / s <= maxTicks) ?? steps[steps.length - 1];
  const out: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) out.push(t);
  return out;
}

function tickLabel(t: number, span: number): string {
  const d = new Date(t);
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  const ss = String(d.getSeconds()).padStart(2, '0');
  if (span > 2 * 86400_000) return `${d.getMonth() + 1}/${d.getDate()} ${hh}:${mm}`;
  return span < 10 * 60_000 ? `${hh}:${mm}:${ss}` : `${hh}:${mm}`;
}

/** Labels near an edge grow inwards, so none is cut off. */
function tickAnchor(at: number, left: number, right: number): 'start' | 'middle' | 'end' {
  if (at > right - 30) return 'end';
  if (at < left + 30) return 'start';
  return 'middle';
}

function formatValue(v: number, unit: string): string {
  const rounded = Math.abs(v) >= 10 || Number.isInteger(v) ? Math.round(v * 10) / 10 : Math.round(v * 1000) / 1000;
  return `${rounded}${unit}`;
}

/** The container's width, following resizes where the browser can tell. */
function useWidth(fixed: number | undefined): [React.RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fixed ?? 600);
  useEffect(() => {
    if (fixed !== undefined || !ref.current) return undefined;
    const el = ref.current;
    const measure = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [fixed]);
  return [ref, fixed ?? width];
}

/** Values over time with a readable time axis, thresholds and marks; fills its container's width. @public */
export function TimeChart(props: TimeChartProps) {
  const [ref, width] = useWidth(props.width);
  const height = props.height ?? 160;
  const unit = props.unit ?? '';
  const samples = props.samples.filter(s => Number.isFinite(s.t) && Number.isFinite(s.value)).sort((a, b) => a.t - b.t);
  const thresholds = (props.thresholds ?? []).filter(x => Number.isFinite(x.value));
  const marks = (props.marks ?? []).filter(m => Number.isFinite(m.t));
  const summary =
    samples.length === 0
      ? `${props.label}: no data yet`
      : `${props.label}: ${samples.length} values from ${tickLabel(samples[0].t, 0)} to ${tickLabel(samples[samples.length - 1].t, 0)}, last ${formatValue(samples[samples.length - 1].value, unit)}${thresholds.map(x => `; ${x.label}`).join('')}${marks.length ? `; ${marks.length} marked actions` : ''}`;
  const pad = { left: 44, right: 12, top: 10, bottom: 24 };
  const values = [...samples.map(s => s.value), ...thresholds.map(x => x.value)];
  let min = props.min ?? (values.length ? Math.min(...values) : 0);
  let max = props.max ?? (values.length ? Math.max(...values) : 1);
  if (max === min) {
    min -= 1;
    max += 1;
  }
  const times = [...samples.map(s => s.t), ...marks.map(m => m.t)];
  const t0 = times.length ? Math.min(...times) : 0;
  let t1 = Math.max(times.length ? Math.max(...times) : 1, props.until ?? 0);
  if (t1 <= t0) t1 = t0 + 60_000;
  const plotW = Math.max(40, width - pad.left - pad.right);
  const plotH = Math.max(20, height - pad.top - pad.bottom);
  const x = (t: number) => pad.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => pad.top + plotH - ((Math.max(min, Math.min(max, v)) - min) / (max - min)) * plotH;
  let d = '';
  samples.forEach((s, i) => {
    if (i === 0) d += `M${x(s.t).toFixed(1)},${y(s.value).toFixed(1)}`;
    else if (props.step) d += `H${x(s.t).toFixed(1)}V${y(s.value).toFixed(1)}`;
    else d += `L${x(s.t).toFixed(1)},${y(s.value).toFixed(1)}`;
  });
  if (d && props.step && props.until !== undefined) d += `H${x(t1).toFixed(1)}`;
  const color = props.color ?? 'var(--rollscope-preview, #1565c0)';
  const ticks = timeTicks(t0, t1, Math.max(2, Math.floor(plotW / 90)));
  return (
    <div ref={ref} style={{ width: props.width ?? '100%' }} data-testid="time-chart">
      <svg role="img" aria-label={summary} width={width} height={height} viewBox={`0 0 ${width} ${height}`} style={{ display: 'block' }}>
        <title>{summary}</title>
        {[min, (min + max) / 2, max].map((v, i) => (
          <g key={`y${i}`}>
            <line x1={pad.left} x2={pad.left + plotW} y1={y(v)} y2={y(v)} stroke={border} strokeDasharray={i === 0 ? undefined : '2 4'} />
            <text x={pad.left - 6} y={y(v) + 4} fontSize={11} textAnchor="end" fill={muted}>
              {formatValue(v, unit)}
            </text>
          </g>
        ))}
        {samples.length > 0 &&
          ticks.map(t => (
            <g key={`t${t}`}>
              <line x1={x(t)} x2={x(t)} y1={pad.top + plotH} y2={pad.top + plotH + 4} stroke={muted} />
              <text x={x(t)} y={height - 6} fontSize={11} textAnchor={tickAnchor(x(t), pad.left, pad.left + plotW)} fill={muted}>
                {tickLabel(t, t1 - t0)}
              </text>
            </g>
          ))}
        {thresholds.map((th, i) => (
          <g key={`th${i}`} data-testid="chart-threshold">
            <line
              x1={pad.left}
              x2={pad.left + plotW}
              y1={y(th.value)}
              y2={y(th.value)}
              stroke={th.kind === 'failure' ? 'var(--rollscope-danger, #c62828)' : 'var(--rollscope-ok, #2e7d32)'}
              strokeDasharray="6 3"
            />
            <text x={pad.left + plotW - 2} y={y(th.value) - 3} fontSize={10} textAnchor="end" fill={muted}>
              {th.label}
            </text>
          </g>
        ))}
        {marks.map((m, i) => (
          <g key={`m${i}`} data-testid="chart-mark">
            <line x1={x(m.t)} x2={x(m.t)} y1={pad.top} y2={pad.top + plotH} stroke="var(--rollscope-text, #1f2933)" strokeDasharray="1 3" />
            <circle cx={x(m.t)} cy={pad.top + 3} r={4} fill="var(--rollscope-text, #1f2933)">
              <title>{m.label}</title>
            </circle>
          </g>
        ))}
        {d && <path d={d} fill="none" stroke={color} strokeWidth={2} />}
        {samples.map((s, i) => (
          <circle key={i} cx={x(s.t)} cy={y(s.value)} r={2.5} fill={color} />
        ))}
        {samples.length === 0 && (
          <text x={pad.left + plotW / 2} y={pad.top + plotH / 2} textAnchor="middle" fontSize={12} fill={muted}>
            No data yet
          </text>
        )}
      </svg>
    </div>
  );
}
