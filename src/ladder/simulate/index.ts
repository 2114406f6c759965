// The matchmaking simulator: a synthetic community replayed through the real rules.

export { runSimulation, alphaPool, type Policy, type SimulationOptions } from './run-simulation.js';
export { formatReports, quantile, type SimulationReport } from './report.js';
export {
  buildCommunity,
  communityPool,
  waveEntryOf,
  type SimPlayer,
  type SimJoin,
} from './community.js';
export { SeededRandom, mulberry32 } from './random.js';
