export { AnalysisRuns, AnalysisRunCard } from './AnalysisRuns';
