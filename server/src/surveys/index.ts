/** The surveys feature's public API: other features import it from here only (see docs/architecture.md). */
export { SurveysModule } from './surveys.module';
export { SurveyInvitationsJob } from './survey-invitations.job';
