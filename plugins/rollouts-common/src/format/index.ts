export { humanDuration, formatAge, parseDurationSeconds, formatSeconds } from './duration';
export { formatStepProgress, formatPercent, relativeWeight } from './steps';
