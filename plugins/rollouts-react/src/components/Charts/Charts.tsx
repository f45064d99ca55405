
/** A point on a time series. @public */
export interface Sample {
  t: number;
  value: number;
}

/** A small line chart of values over time (SVG, no dependencies). @public */
export function Sparkline(props: {
  samples: Sample[];
  width?: number;
  height?: number;
  min?: number;
  max?: number;
  label: string;
  color?: string;
  step?: boolean;
  /** Draw a y axis with min/max labels and gridlines, for larger charts. */
  axis?: { unit?: string };
}) {
  const width = props.width ?? 160;
  const height = props.height ?? 32;
  const samples = props.samples.filter(s => Number.isFinite(s.t) && Number.isFinite(s.value)).sort((a, b) => a.t - b.t);
  if (samples.length === 0) {
    return (
      <svg role="img" aria-label={`${props.label}: no data`} width={width} height={height}>
        <title>{`${props.label}: no data`}</title>
      </svg>
    );
  }
  const values = samples.map(s => s.value);
  const min = props.min ?? Math.min(...values);
  const max = props.max ?? Math.max(...values);
  const t0 = samples[0].t;
  const t1 = samples[samples.length - 1].t;
  const x = (t: number) => (t1 === t0 ? width / 2 : ((t - t0) / (t1 - t0)) * (width - 4) + 2);
  const y = (v: number) => {
    if (max === min) return height / 2;
    const c = Math.max(min, Math.min(max, v));
    return height - 2 - ((c - min) / (max - min)) * (height - 4);
  };
  let d = '';
  samples.forEach((s, i) => {
    if (i === 0) d += `M${x(s.t).toFixed(1)},${y(s.value).toFixed(1)}`;
    else if (props.step) d += `H${x(s.t).toFixed(1)}V${y(s.value).toFixed(1)}`;
    else d += `L${x(s.t).toFixed(1)},${y(s.value).toFixed(1)}`;
  });
  const last = samples[samples.length - 1];
  const title = `${props.label}: ${samples.length} samples, last ${last.value}`;
  const unit = props.axis?.unit ?? '';
  const grid = props.axis
    ? [min, (min + max) / 2, max].map(v => (
        <g key={v}>
          <line x1={0} x2={width} y1={y(v)} y2={y(v)} stroke="var(--rollscope-border, #d5dbe1)" strokeDasharray="3 3" />
          <text x={2} y={Math.max(9, y(v) - 2)} fontSize={9} fill="var(--rollscope-text-muted, #5f6b7a)">
            {`${Math.round(v)}${unit}`}
          </text>
        </g>
      ))
    : null;
  return (
    <svg role="img" aria-label={title} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <title>{title}</title>
      {grid}
      <path d={d} fill="none" stroke={props.color ?? 'currentColor'} strokeWidth={1.5} />
      {samples.map((s, i) => (
        <circle key={i} cx={x(s.t)} cy={y(s.value)} r={1.8} fill={props.color ?? 'currentColor'} />
      ))}
    </svg>
  );
}
