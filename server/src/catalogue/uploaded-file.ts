import { AppError } from '../common/errors/app-error';

/** One part of a multipart upload, as @fastify/multipart (registered in app.factory) yields it. */
interface UploadPart {
  type: 'file' | 'field';
  fieldname: string;
  filename?: string;
  toBuffer?(): Promise<Buffer>;
}

/** What @fastify/multipart adds to a request: the part of it the catalogue import uses. */
export interface MultipartRequest {
  isMultipart(): boolean;
  parts(options: { limits: { fileSize: number; files: number; fields: number; parts: number } }): AsyncIterable<UploadPart>;
}

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

const SEND_IT = '请用 multipart/form-data 上传 CSV 文件，字段名为 file';

/**
 * The one file of an upload, read whole before anything is stored: every way the upload can be malformed (not
 * multipart, no file, another field, more than one part, too large, cut short) is a 4xx with its code, never a 500.
 */
export async function readOneFile(request: MultipartRequest, maxBytes: number): Promise<UploadedFile> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', SEND_IT);
  let file: UploadedFile | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } })) {
      if (part.type !== 'file' || part.fieldname !== 'file' || !part.toBuffer) throw new AppError('VALIDATION_FAILED', SEND_IT);
      const bytes = await part.toBuffer();
      file = { fileName: (part.filename ?? '').trim().slice(0, 200) || 'catalogue.csv', bytes };
    }
  } catch (error) {
    throw asUploadError(error, maxBytes);
  }
  if (!file) throw new AppError('VALIDATION_FAILED', `上传里没有文件：${SEND_IT}`);
  return file;
}

function asUploadError(error: unknown, maxBytes: number): AppError {
  if (error instanceof AppError) return error;
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${maxBytes / 1024 / 1024} MB：请拆成几个文件分别导入`);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', SEND_IT);
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_PROTO_VIOLATION':
      return new AppError('VALIDATION_FAILED', `一次只上传一个文件：${SEND_IT}`);
    default:
      return new AppError('MALFORMED_REQUEST', `上传的内容不完整：请重新上传文件`);
  }
}
