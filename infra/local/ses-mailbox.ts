/**
 * Reads what Raadspost "sent" through aws-ses-v2-local (its GET /store), for `npm start` and the tests:
 * the approval mails (and their links) and the forwards to the raadsleden.
 */

/** One message in aws-ses-v2-local's store (the fields we read). */
export interface StoredMail {
  readonly messageId: string;
  readonly from: string;
  /** The Reply-To header, as text ("Naam <adres>"); empty when the message has none. */
  readonly replyTo: readonly string[];
  readonly destination: { readonly to: readonly string[]; readonly cc: readonly string[]; readonly bcc: readonly string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  /** With `content` (base64) for messages sent raw, as Raadspost sends them. */
  readonly attachments: readonly { readonly filename?: string; readonly contentType: string; readonly size: number; readonly content?: string }[];
  /** Epoch seconds. */
  readonly at: number;
}

/** Every message the SES emulator holds, oldest first. */
export async function readSesMailbox(sesEndpoint: string): Promise<StoredMail[]> {
  const res = await fetch(new URL('/store', sesEndpoint));
  if (!res.ok) throw new Error(`ses emulator store answered ${res.status}`);
  const { emails } = (await res.json()) as { emails: StoredMail[] };
  return emails;
}

/** All recipients of a stored message (to, cc and bcc). */
export const recipientsOf = (mail: StoredMail): string[] => [...mail.destination.to, ...mail.destination.cc, ...mail.destination.bcc];

/**
 * The approval links in a mail: URLs under the approval page's base URL that carry a token. Read from the
 * text part, which has the link on a line of its own.
 */
export function approvalLinksIn(mail: StoredMail, approvalBaseUrl: string): string[] {
  const text = mail.body.text ?? '';
  const links = text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
  return [...new Set(links.filter((l) => l.startsWith(approvalBaseUrl) && new URL(l).searchParams.has('t')))];
}

/**
 * Polls the store until `predicate` holds for its messages, e.g. until the forward arrived.
 * @throws when it does not hold within `timeoutMs`
 */
export async function waitForMail(
  sesEndpoint: string,
  predicate: (mails: readonly StoredMail[]) => boolean,
  { timeoutMs = 10_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<StoredMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await readSesMailbox(sesEndpoint);
    if (predicate(mails)) return mails;
    if (Date.now() > deadline) throw new Error(`the expected mail did not arrive in the ses emulator within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
