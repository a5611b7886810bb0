import {
  NewServiceTicket,
  SERVICE_TICKET_MAX_PHOTOS,
  SERVICE_TICKET_TEXT_MAX,
  SERVICE_TICKET_TEXT_MIN,
} from '@memberloop/shared';
import { checkContract } from '../../services/contract-check';

export type DraftSource = { kind: 'order'; orderId: string } | { kind: 'visit'; storeCode: string } | undefined;

export type DraftPhoto =
  | { key: string; path: string; file?: Blob; status: 'uploading' }
  | { key: string; path: string; file?: Blob; status: 'uploaded'; photoId: string }
  | { key: string; path: string; file?: Blob; status: 'failed' };

export interface TicketDraft {
  source: DraftSource;
  type: NewServiceTicket['type'] | undefined;
  text: string;
  photos: DraftPhoto[];
}

export interface TicketProblems {
  source?: string;
  type?: string;
  text?: string;
  photos?: string;
}

/** What the draft would send. */
export function ticketOf(draft: TicketDraft): NewServiceTicket {
  return {
    source: draft.source as NewServiceTicket['source'],
    type: draft.type as NewServiceTicket['type'],
    text: draft.text.trim(),
    photoIds: draft.photos.flatMap((p) => (p.status === 'uploaded' ? [p.photoId] : [])),
  };
}

/** Why the draft cannot be sent yet, each field in Chinese: checked against the server's contract, then the photos. */
export function ticketProblems(draft: TicketDraft): TicketProblems {
  const trimmed = draft.text.trim();
  const checked = checkContract(NewServiceTicket, ticketOf(draft), {
    source: '请选择要反馈的订单或门店',
    type: '请选择问题类型',
    text: () =>
      trimmed === ''
        ? `请描述遇到的问题，至少 ${SERVICE_TICKET_TEXT_MIN} 个字`
        : trimmed.length > SERVICE_TICKET_TEXT_MAX
          ? `问题描述最多 ${SERVICE_TICKET_TEXT_MAX} 个字`
          : `问题描述至少 ${SERVICE_TICKET_TEXT_MIN} 个字，再写详细一点吧`,
    photoIds: `照片最多 ${SERVICE_TICKET_MAX_PHOTOS} 张`,
  });
  const problems: TicketProblems = { ...checked.problems };
  if ('photoIds' in problems) {
    problems.photos = (problems as Record<string, string>).photoIds;
    delete (problems as Record<string, string>).photoIds;
  }
  if (!problems.photos && draft.photos.some((p) => p.status === 'uploading')) problems.photos = '照片上传中，请稍候';
  if (!problems.photos && draft.photos.some((p) => p.status === 'failed')) problems.photos = '有照片上传失败，点它重试或删掉';
  return problems;
}

export function firstProblem(problems: TicketProblems): string | undefined {
  return problems.source ?? problems.type ?? problems.text ?? problems.photos;
}
