/** The explorer's pages, addressed by the URL fragment (#/batch/3): the server serves one index.html. */
export type Route =
  | { readonly page: 'overview' }
  | { readonly page: 'batches'; readonly before: number | null }
  | { readonly page: 'batch'; readonly batchNumber: number }
  | { readonly page: 'tx'; readonly hash: string }
  | { readonly page: 'account'; readonly idx: number; readonly before: number | null }
  | { readonly page: 'key'; readonly ax: string; readonly ay: string }
  | { readonly page: 'address'; readonly ethAddr: string }
  | { readonly page: 'provers' }
  | { readonly page: 'search'; readonly text: string }
  | { readonly page: 'not-found'; readonly path: string };

const num = (s: string | undefined) => (s !== undefined && /^\d{1,15}$/.test(s) ? Number(s) : null);

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [where, query = ''] = path.split('?', 2) as [string, string?];
  const parts = where.split('/').map((p) => decodeURIComponent(p));
  const before = num(new URLSearchParams(query).get('before') ?? undefined);
  const [head, a, b] = parts;
  switch (head) {
    case '':
    case 'overview': return { page: 'overview' };
    case 'batches': return { page: 'batches', before };
    case 'provers': return { page: 'provers' };
    case 'search': return { page: 'search', text: a ?? '' };
    case 'batch': if (num(a) !== null) return { page: 'batch', batchNumber: num(a)! }; break;
    case 'account': if (num(a) !== null) return { page: 'account', idx: num(a)!, before }; break;
    case 'tx': if (a !== undefined && /^0x[0-9a-fA-F]{64}$/.test(a)) return { page: 'tx', hash: a.toLowerCase() }; break;
    case 'address': if (a !== undefined && /^0x[0-9a-fA-F]{40}$/.test(a)) return { page: 'address', ethAddr: a.toLowerCase() }; break;
    case 'key': if (a !== undefined && b !== undefined && /^\d{1,78}$/.test(a) && /^\d{1,78}$/.test(b)) return { page: 'key', ax: a, ay: b }; break;
  }
  return { page: 'not-found', path };
}
