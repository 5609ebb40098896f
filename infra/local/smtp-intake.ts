/**
 * A local stand-in for SES's inbound SMTP endpoint: it accepts mail on loopback and hands each message,
 * with its envelope, to `onMessage` (which stores it and invokes the ingest handler, as SES's S3 and Lambda
 * actions do). No TLS and no authentication: it only ever listens on 127.0.0.1.
 */
import type { Server } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { PortInUseError } from './emulators.js';

export interface SmtpEnvelope {
  /** MAIL FROM; empty for a null sender (bounces). */
  readonly from: string;
  /** RCPT TO addresses. */
  readonly to: readonly string[];
}

export interface SmtpIntakeOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Larger messages are refused with 552, as SES refuses messages over its limit. */
  readonly maxBytes: number;
  /** Called once per accepted message; a rejection makes the intake answer 451 (try again later). */
  readonly onMessage: (raw: Uint8Array, envelope: SmtpEnvelope) => Promise<void>;
}

export interface SmtpIntake {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startSmtpIntake({ host = '127.0.0.1', port, maxBytes, onMessage }: SmtpIntakeOptions): Promise<SmtpIntake> {
  const server = new SMTPServer({
    banner: 'Raadspost local intake (stands in for Amazon SES inbound)',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    closeTimeout: 2_000,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, `message exceeds the intake's limit of ${maxBytes} bytes`));
          return;
        }
        const envelope: SmtpEnvelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        onMessage(Buffer.concat(chunks), envelope).then(
          () => callback(null, 'Ok: queued by Raadspost'),
          (err: unknown) => callback(smtpError(451, `ingest failed, try again later: ${err instanceof Error ? err.message : String(err)}`)),
        );
      });
    },
  });

  const actualPort = await new Promise<number>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError('smtp intake', host, port, { cause: err }) : err);
    server.once('error', onError);
    const listening: Server = server.listen(port, host, () => {
      server.off('error', onError);
      const address = listening.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });

  return {
    host,
    port: actualPort,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const smtpError = (responseCode: number, message: string): Error & { responseCode: number } =>
  Object.assign(new Error(message), { responseCode });
