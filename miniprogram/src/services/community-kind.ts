import type { CommunityView } from '@memberloop/shared';

/** What a community is, in the members' and the managers' words. */
export const COMMUNITY_KIND_LABEL: Record<CommunityView['kind'], string> = { store: '门店社群', interest: '兴趣社群' };
