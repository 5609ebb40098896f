import { GetObjectCommand, NoSuchKey, PutObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { create as contentDisposition } from 'content-disposition';
import { DependencyUnavailableError, LetterFileMissingError, asError } from '../domain/errors.js';
import { RETENTION_TAG, type RetentionKind } from '../domain/retention.js';
import type { LetterFileStore } from '../ports.js';

/** LetterFileStore in the raw-mail bucket (same key, encryption and retention), under `files/`. */
export class S3LetterFileStore implements LetterFileStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, content: Uint8Array, contentType: string): Promise<void> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: content, ContentType: contentType }));
    } catch (err) {
      throw new DependencyUnavailableError(`s3 put of s3://${this.bucket}/${key} failed: ${asError(err).name}: ${asError(err).message}`, { cause: err });
    }
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!res.Body) throw new DependencyUnavailableError(`s3 returned no body for s3://${this.bucket}/${key}`);
      return await res.Body.transformToByteArray();
    } catch (err) {
      if (err instanceof DependencyUnavailableError) throw err;
      if (err instanceof NoSuchKey || asError(err).name === 'NoSuchKey') {
        throw new LetterFileMissingError(`no object s3://${this.bucket}/${key}`, { cause: err });
      }
      throw new DependencyUnavailableError(`s3 get of s3://${this.bucket}/${key} failed: ${asError(err).name}: ${asError(err).message}`, { cause: err });
    }
  }

  async temporaryUrl(key: string, download: { readonly filename: string; readonly contentType: string; readonly expiresInSeconds: number }): Promise<string> {
    try {
      const command = new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: contentDisposition(download.filename, { type: 'attachment' }),
        ResponseContentType: download.contentType,
      });
      return await getSignedUrl(this.s3, command, { expiresIn: download.expiresInSeconds });
    } catch (err) {
      throw new DependencyUnavailableError(`signing a download of s3://${this.bucket}/${key} failed: ${asError(err).name}: ${asError(err).message}`, { cause: err });
    }
  }

  async setRetention(key: string, kind: RetentionKind): Promise<void> {
    try {
      await this.s3.send(new PutObjectTaggingCommand({ Bucket: this.bucket, Key: key, Tagging: { TagSet: [{ Key: RETENTION_TAG, Value: kind }] } }));
    } catch (err) {
      if (err instanceof NoSuchKey || asError(err).name === 'NoSuchKey') {
        throw new LetterFileMissingError(`no object s3://${this.bucket}/${key}`, { cause: err });
      }
      throw new DependencyUnavailableError(`s3 tagging of s3://${this.bucket}/${key} failed: ${asError(err).name}: ${asError(err).message}`, { cause: err });
    }
  }
}
