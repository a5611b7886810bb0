import { NewAnnouncement } from '@memberloop/shared';

export const TITLE_MAX = 20;
export const BODY_MAX = 500;

/** What is wrong with the announcement, field by field, from the contract the server checks. */
export function announcementProblems(title: string, body: string): { title?: string; body?: string } {
  const parsed = NewAnnouncement.safeParse({ title, body });
  if (parsed.success) return {};
  const fields = new Set(parsed.error.issues.map((issue) => issue.path[0]));
  return {
    ...(fields.has('title') ? { title: `请填写标题，${TITLE_MAX} 字以内` } : {}),
    ...(fields.has('body') ? { body: `请填写公告内容，${BODY_MAX} 字以内` } : {}),
  };
}
