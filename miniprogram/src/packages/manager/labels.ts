/** The manager's pages for one community and one activity. */
export const communityPath = (communityId: string) => `/packages/manager/community?id=${communityId}`;
export const staffActivityPath = (activityId: string) => `/packages/manager/activity?id=${activityId}`;
