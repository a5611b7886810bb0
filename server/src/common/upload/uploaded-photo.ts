import { AppError } from '../errors/app-error';

/** The photo formats WeChat shows: the only ones an upload may be. */
export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** What a file's first bytes say it is, never what the client claims: undefined for anything but a photo. */
export function photoTypeOf(bytes: Uint8Array): PhotoType | undefined {
  const starts = (...values: number[]) => values.every((v, i) => bytes[i] === v);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'image/webp';
  return undefined;
}

/** One part of a multipart upload, as @fastify/multipart (registered in app.factory) yields it. */
interface UploadPart {
  type: 'file' | 'field';
  fieldname: string;
  toBuffer?(): Promise<Buffer>;
}

/** What @fastify/multipart adds to a request: the part of it the photo upload uses. */
export interface MultipartRequest {
  isMultipart(): boolean;
  parts(options: { limits: { fileSize: number; files: number; fields: number; parts: number } }): AsyncIterable<UploadPart>;
}

/**
 * The bytes of the one photo of an upload (a post photo, an avatar): the whole body is read and checked before anything is stored, and every
 * way it can be malformed (no or broken boundary, truncated, no file, another field, more than one part, too large)
 * is a 4xx with its code, never a 500.
 */
export async function readOnePhoto(request: MultipartRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the photo as multipart/form-data, field "file".');
  let photo: Buffer | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } })) {
      if (part.type !== 'file' || part.fieldname !== 'file' || !part.toBuffer)
        throw new AppError('VALIDATION_FAILED', 'Send the photo in the field "file", and nothing else.');
      photo = await part.toBuffer();
    }
  } catch (error) {
    throw asUploadError(error, maxBytes);
  }
  if (!photo) throw new AppError('VALIDATION_FAILED', 'No file in the upload: send it in the field "file".');
  return photo;
}

function asUploadError(error: unknown, maxBytes: number): AppError {
  if (error instanceof AppError) return error;
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', `The photo is over ${maxBytes / 1024 / 1024} MB: send a smaller one.`);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the photo as multipart/form-data, field "file".');
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_PROTO_VIOLATION':
      return new AppError('VALIDATION_FAILED', 'Send one photo in the field "file", and nothing else.');
    default:
      // Everything else raised while reading the body is the body's fault: a missing or broken boundary, a body cut
      // short, a part that is not multipart at all.
      return new AppError('MALFORMED_REQUEST', 'The upload is not well-formed multipart/form-data: send the photo again.');
  }
}
