/**
 * The frame every mail Raadspost writes to the griffie shares: the HTML document around the content (inline styles,
 * since mail clients drop style sheets) and the signature with our mark, as HTML and as text lines. Pure.
 */
import { html, type SafeHtml } from './html.js';

/** The signature's lines in the text version: who writes, and the mark that recognises our own mail coming back. */
export const signatureLines = (place: string, mark: string): readonly string[] => [`Raadspost, griffie gemeente ${place}`, mark, ''];

/** The whole HTML mail: `body` in a column of `maxWidthPx`, followed by the signature. */
export const mailDocument = ({ subject, maxWidthPx, place, mark, body }: { subject: string; maxWidthPx: number; place: string; mark: string; body: SafeHtml }): string =>
  html`<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f6f8;">
<div style="max-width:${maxWidthPx}px;margin:0 auto;padding:20px 16px;font-family:Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b2430;">
${body}
<p style="margin:0;color:#56606e;font-size:14px;">Raadspost, griffie gemeente ${place}<br>${mark}</p>
</div>
</body>
</html>
`.toString();
