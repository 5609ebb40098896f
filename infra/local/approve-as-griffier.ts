/**
 * What the griffier's browser does with an approval link: GET the page (which decides nothing), then POST its form
 * with "approve". Used by `RAADSPOST_EXIT_AFTER_DEMO=1 npm start` and by the tests that drive `npm start`.
 */
export interface ApprovalClick {
  /** HTTP status of the GET and of the POST. */
  readonly get: number;
  readonly post: number;
  /** The page's status line after the POST (e.g. "Goedgekeurd als ingekomen stuk nr. 3: wordt verstuurd naar de raadsleden"). */
  readonly status: string;
}

export async function approveAsGriffier(link: string, note: string): Promise<ApprovalClick> {
  const page = await fetch(link);
  const form = /<form[^>]*action="([^"]*)"/.exec(await page.text());
  const token = new URL(link).searchParams.get('t') ?? '';
  const res = await fetch(new URL(form?.[1] ?? '/', link), {
    method: 'POST',
    body: new URLSearchParams({ token, decision: 'approve', note }),
  });
  const status = /role="status">([^<]*)</.exec(await res.text())?.[1] ?? '(no status on the page)';
  return { get: page.status, post: res.status, status };
}
