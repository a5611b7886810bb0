/** The character on a cover without a picture when the activity's title is empty (活动). */
export const COVER_FALLBACK_INITIAL = '活';
