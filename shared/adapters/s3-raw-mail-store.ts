import { GetObjectCommand, ListObjectsCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DependencyUnavailableError, RawMailMissingError, asError } from '../domain/errors.js';
import type { RawMailObject, RawMailStore, RawMailStream } from '../ports.js';

/**
 * RawMailStore on the bucket that SES's S3 action writes to. Objects are read and written, never deleted:
 * the raw message is the record of what was received.
 */
export class S3RawMailStore implements RawMailStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async get(objectKey: string): Promise<Uint8Array> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (!res.Body) throw new DependencyUnavailableError(`s3 returned no body for s3://${this.bucket}/${objectKey}`);
      return await res.Body.transformToByteArray();
    } catch (err) {
      // Without s3:ListBucket, S3 answers a missing key with AccessDenied instead of NoSuchKey; that then
      // surfaces as DependencyUnavailableError (retried), so the function's role keeps ListBucket.
      if (err instanceof NoSuchKey || asError(err).name === 'NoSuchKey') {
        throw new RawMailMissingError(`no object s3://${this.bucket}/${objectKey}`, { cause: err });
      }
      throw toDependencyError(err, `s3 get of s3://${this.bucket}/${objectKey} failed`);
    }
  }

  /**
   * The object's body as it arrives from S3, with its ContentLength. A failure while reading the body becomes a
   * DependencyUnavailableError (retried); stopping the iteration early closes the connection.
   */
  async stream(objectKey: string): Promise<RawMailStream> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (!res.Body) throw new DependencyUnavailableError(`s3 returned no body for s3://${this.bucket}/${objectKey}`);
      const body = mapErrors(res.Body as AsyncIterable<Uint8Array>, (err) => toDependencyError(err, `s3 read of s3://${this.bucket}/${objectKey} failed`));
      return res.ContentLength === undefined ? { body } : { body, sizeBytes: res.ContentLength };
    } catch (err) {
      if (err instanceof NoSuchKey || asError(err).name === 'NoSuchKey') {
        throw new RawMailMissingError(`no object s3://${this.bucket}/${objectKey}`, { cause: err });
      }
      throw toDependencyError(err, `s3 get of s3://${this.bucket}/${objectKey} failed`);
    }
  }

  async put(objectKey: string, raw: Uint8Array): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: raw, ContentType: 'message/rfc822' }),
      );
    } catch (err) {
      throw toDependencyError(err, `s3 put of s3://${this.bucket}/${objectKey} failed`);
    }
  }

  /**
   * One ListObjects page (up to 1,000 keys); the cursor is the page's last key, passed back as Marker. Not V2: s3rver
   * builds V2's continuation token with DES, which Node 17+ (OpenSSL 3) lacks, so with more than 1,000 keys even the
   * first V2 page fails there (StartAfter does not help: the token is made for every truncated page). S3 serves both
   * versions with the same s3:ListBucket permission and prefix condition.
   */
  async list(prefix: string, cursor?: string): Promise<{ readonly objects: readonly RawMailObject[]; readonly cursor?: string }> {
    try {
      const res = await this.s3.send(new ListObjectsCommand({ Bucket: this.bucket, Prefix: prefix, ...(cursor && { Marker: cursor }) }));
      const objects = (res.Contents ?? []).flatMap((o) =>
        o.Key ? [{ key: o.Key, lastModified: (o.LastModified ?? new Date(0)).toISOString() }] : [],
      );
      const last = objects.at(-1)?.key;
      return res.IsTruncated && last ? { objects, cursor: last } : { objects };
    } catch (err) {
      throw toDependencyError(err, `s3 list of s3://${this.bucket}/${prefix} failed`);
    }
  }
}

const toDependencyError = (err: unknown, message: string): DependencyUnavailableError =>
  err instanceof DependencyUnavailableError
    ? err
    : new DependencyUnavailableError(`${message}: ${asError(err).name}: ${asError(err).message}`, { cause: err });

/**
 * `body` with the errors of its iteration translated. Not a generator on purpose: `return()` reaches the body's own
 * iterator even before the first chunk, so an unread S3 body is destroyed and its socket freed.
 */
const mapErrors = (body: AsyncIterable<Uint8Array>, translate: (err: unknown) => Error): AsyncIterable<Uint8Array> => ({
  [Symbol.asyncIterator]() {
    const it = body[Symbol.asyncIterator]();
    return {
      next: () =>
        it.next().catch((err: unknown) => {
          throw translate(err);
        }),
      return: async (value?: unknown) => (it.return ? it.return(value) : { done: true as const, value: undefined }),
    };
  },
});
