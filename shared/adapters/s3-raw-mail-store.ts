import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DependencyUnavailableError, RawMailMissingError, asError } from '../domain/errors.js';
import { RETENTION_TAG, type RetentionKind } from '../domain/retention.js';
import type { RawMailObject, RawMailStore, RawMailStream } from '../ports.js';

/** User metadata on a raw object stored again when it was handled (see restartRetention). */
export const HANDLED_AT_METADATA = 'raadspost-handled-at';

/**
 * RawMailStore on the bucket that SES's S3 action writes to. Objects are read and written, never deleted by us: the
 * raw message is the record of what was received; the bucket's lifecycle rules expire it by its retention tag.
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

  async setRetention(objectKey: string, kind: RetentionKind): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectTaggingCommand({ Bucket: this.bucket, Key: objectKey, Tagging: { TagSet: [{ Key: RETENTION_TAG, Value: kind }] } }),
      );
    } catch (err) {
      throw missingOr(err, objectKey, `s3 tagging of s3://${this.bucket}/${objectKey} failed`, this.bucket);
    }
  }

  /**
   * Copies the object onto itself (a new version with the same bytes, content type and metadata, plus when it was
   * handled), so the bucket's lifecycle counts its days from now; the version SES wrote becomes noncurrent and expires
   * by the bucket's noncurrent-version rule. Then tags it: the copy carries the new tag already on S3 (TaggingDirective
   * REPLACE), and the separate tagging call makes that so on stores that keep a copied object's old tags.
   */
  async restartRetention(objectKey: string, kind: RetentionKind, handledAt: Date): Promise<void> {
    const where = `s3://${this.bucket}/${objectKey}`;
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      await this.s3.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: objectKey,
          CopySource: `${this.bucket}/${objectKey.split('/').map(encodeURIComponent).join('/')}`,
          MetadataDirective: 'REPLACE',
          ...(head.ContentType && { ContentType: head.ContentType }),
          Metadata: { ...head.Metadata, [HANDLED_AT_METADATA]: handledAt.toISOString() },
          TaggingDirective: 'REPLACE',
          Tagging: `${RETENTION_TAG}=${kind}`,
        }),
      );
    } catch (err) {
      throw missingOr(err, objectKey, `s3 copy of ${where} onto itself failed`, this.bucket);
    }
    await this.setRetention(objectKey, kind);
  }
}

/** RawMailMissingError for a missing key (NoSuchKey, or NotFound from HeadObject), else a DependencyUnavailableError. */
const missingOr = (err: unknown, objectKey: string, message: string, bucket: string): Error =>
  err instanceof NoSuchKey || err instanceof NotFound || ['NoSuchKey', 'NotFound'].includes(asError(err).name)
    ? new RawMailMissingError(`no object s3://${bucket}/${objectKey}`, { cause: err })
    : toDependencyError(err, message);

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
