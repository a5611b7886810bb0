import { NewAnnouncement, quantityText } from '@memberloop/shared';
import { checkContract } from '../../services/contract-check';

export const TITLE_MAX = 20;
export const BODY_MAX = 500;

/** Each field of an announcement the contract may refuse, named in the manager's words. */
const ANNOUNCEMENT_FAULTS = {
  title: `请填写标题，${quantityText(TITLE_MAX, '字')}以内`,
  body: `请填写公告内容，${quantityText(BODY_MAX, '字')}以内`,
};

/** What is wrong with the announcement, field by field, from the contract the server checks. */
export function announcementProblems(title: string, body: string): { title?: string; body?: string } {
  return checkContract(NewAnnouncement, { title, body }, ANNOUNCEMENT_FAULTS).problems;
}
