// The shape of a call for projects once stored: shared by ingestion, matching, digest and API.

export const FUNDER_TYPES = ['eu', 'state', 'region', 'department', 'municipality', 'foundation', 'company', 'other'] as const;
export type FunderType = (typeof FUNDER_TYPES)[number];

export interface Amount {
  min: number | null;
  max: number | null;
  currency: 'EUR';
  scope: 'project' | 'total' | null;
}

/** `annual`: the call comes back every year; `rolling`: open all year, read as applications arrive. */
export type Recurrence = 'annual' | 'rolling';

export interface CallEdition {
  seriesId: number;
  recurrence: 'annual' | null;
  /** YYYY-MM-DD, or null when no edition said. */
  expectedOpens: string | null;
  expectedDeadline: string | null;
}

export interface CallSourceRef {
  id: string;
  name: string;
  url: string | null;
  /** The source's attribution from feeds.yaml (read from the database it is always set, null when none). */
  attribution?: string | null;
  /** Whether the source's calls may be shown publicly; absent means true. */
  public?: boolean;
}

export interface Call {
  id: number;
  canonicalUrl: string | null;
  title: string;
  summary: string;
  body: string;
  funder: FunderType;
  funderName: string | null;
  regions: string[];
  categories: string[];
  /** Every deadline found, YYYY-MM-DD, ascending. */
  deadlines: string[];
  /** The next deadline ahead (else the last one); null when unknown. */
  nextDeadline: string | null;
  amount: Amount | null;
  /** When applications open, YYYY-MM-DD; null when unknown. */
  opens: string | null;
  /** The highest co-funding or aid rate, in percent. */
  rate: number | null;
  recurrence: Recurrence | null;
  /**
   * The call's series of editions, as network/editions-store.ts linked them after the last fetch: whether they come
   * back every year, and when the next edition is expected (issue 18). Absent when read without them.
   */
  edition?: CallEdition | null;
  /** European funds and programmes named, normalised (FSE+, FEDER, ...). */
  euFunds: string[];
  publishedAt: string | null;
  status: 'open' | 'closed';
  firstSeenAt: string;
  lastSeenAt: string;
  updatedAt: string;
  sources: CallSourceRef[];
}
