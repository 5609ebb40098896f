/**
 * `raadspost send <file.eml>…`: sends raw messages to the local SMTP intake of `npm start`, which stores
 * and ingests them as SES would. The envelope comes from the message's From and To/Cc headers unless
 * --from/--to are given (needed for files without recipients).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createTransport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { LOCAL_HOST, LOCAL_PORTS, localPort } from '../../infra/local/local-config.js';
import { readHeaderBlock } from '../raw-headers.js';

export const SEND_USAGE = `usage: raadspost send [--host 127.0.0.1] [--port 2525] [--from addr] [--to addr]... <file.eml>...

Sends each file as-is to the local intake started by \`npm start\`.
  --host   intake host (default 127.0.0.1)
  --port   intake port (default: ${LOCAL_PORTS.smtp.variable}, as for npm start, else ${LOCAL_PORTS.smtp.fallback})
  --from   envelope sender (default: the message's From address)
  --to     envelope recipient, repeatable (default: the message's To and Cc addresses)`;

/**
 * Runs the send command; returns the process exit code (0 all sent, 1 some failed, 2 usage error). The intake's port is
 * `npm start`'s: RAADSPOST_SMTP_PORT from `env` unless --port is given.
 */
export async function sendCommand(args: string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<number> {
  let parsed;
  let port: number;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        host: { type: 'string', default: LOCAL_HOST },
        port: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
    port = parsed.values.port === undefined ? localPort('smtp', env) : Number(parsed.values.port);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${SEND_USAGE}`);
    return 2;
  }
  const { values, positionals: files } = parsed;
  if (values.help) {
    console.log(SEND_USAGE);
    return 0;
  }
  if (files.length === 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(files.length === 0 ? `no .eml file given\n\n${SEND_USAGE}` : `--port must be a port number, got "${values.port}"`);
    return 2;
  }

  const transport = createTransport({ host: values.host, port, secure: false, ignoreTLS: true });
  let failed = 0;
  try {
    for (const file of files) {
      try {
        const raw = await readFile(file);
        const envelope = envelopeOf(raw, values.from, values.to);
        if (envelope.to.length === 0) throw new Error('the message has no To or Cc address: give --to');
        const info = await transport.sendMail({ envelope, raw });
        console.log(`sent ${basename(file)} (${raw.byteLength} bytes) to ${envelope.to.join(', ')}: ${info.response}`);
      } catch (err) {
        failed += 1;
        console.error(`could not send ${file}: ${describe(err, values.host, port)}`);
      }
    }
  } finally {
    transport.close();
  }
  return failed ? 1 : 0;
}

function envelopeOf(raw: Uint8Array, from: string | undefined, to: string[] | undefined): { from: string; to: string[] } {
  const headers = readHeaderBlock(raw);
  const addresses = (...names: string[]) =>
    headers
      .filter((h) => names.includes(h.name.toLowerCase()))
      .flatMap((h) => addressparser(h.value, { flatten: true }))
      .map((a) => a.address)
      .filter((a) => a.includes('@'));
  return { from: from ?? addresses('from')[0] ?? '', to: to ?? [...new Set(addresses('to', 'cc'))] };
}

const describe = (err: unknown, host: string, port: number): string => {
  const e: Error & { code?: string } = err instanceof Error ? err : new Error(String(err));
  if (e.code === 'ESOCKET' || e.code === 'ECONNECTION' || /ECONNREFUSED/.test(e.message)) {
    return `no intake at ${host}:${port} (is \`npm start\` running? It listens on ${LOCAL_PORTS.smtp.variable}, default ${LOCAL_PORTS.smtp.fallback})`;
  }
  return e.message;
};
