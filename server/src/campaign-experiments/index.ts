/** The A/B-tested campaigns' public API: other features import it from here only (see docs/architecture.md). */
export { CampaignExperimentsModule } from './campaign-experiments.module';
export { CampaignExperimentStore } from './campaign-experiment.store';
