import { basename } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/**
 * A file whose name carries its content hash (js/app.1a2b3c4d.js, css/app.<hash>.css), or its compressed copy
 * (app.1a2b3c4d.js.br, the path the static server reports when it sends one): its bytes never change.
 */
const CONTENT_HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+(\.br|\.gz)?$/i;

/** The options Nest's Fastify adapter passes on to @fastify/static (its type lacks globIgnore, which passes through). */
type StaticAssetsOptions = Parameters<NestFastifyApplication['useStaticAssets']>[0] & { globIgnore?: string[] };

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Revalidated on every load, so a new release's index.html names the new hashed files at once. */
export const REVALIDATE_CACHE = 'no-cache';

export function cacheControlFor(path: string): string {
  return CONTENT_HASHED.test(basename(path)) ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
}

/**
 * How the server serves the H5 build: the .br and .gz copies that `npm run build:h5` writes beside each file
 * (miniprogram/scripts/precompress-h5.js) are sent to browsers that accept them, hashed files may be cached for a
 * year, everything else (index.html) is revalidated.
 */
export function h5StaticOptions(root: string): StaticAssetsOptions {
  return {
    root,
    prefix: '/',
    // Registered file by file (no wildcard route), so unknown paths still get the API's JSON 404.
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    // The compressed copies and licence notes are not routes of their own.
    globIgnore: ['**/*.br', '**/*.gz', '**/*.LICENSE.txt'],
    cacheControl: false,
    // @fastify/static 10 hands over Fastify's reply; Nest's option type still describes an older response object.
    setHeaders: (reply, path) => {
      (reply as unknown as FastifyReply).header('cache-control', cacheControlFor(path));
    },
  };
}
