// Worker-thread entry for prepareCalls (run by the pool in pool.ts). A FetchError does not survive the trip between
// threads as a FetchError, so it travels as plain fields and is rebuilt on the other side; any other error is a bug
// and crosses as the pool's rejection.
import type { IncomingCall } from '../../calls/store.js';
import { FetchError, type FetchErrorKind } from '../fetcher/errors.js';
import { prepareCalls, type PrepareTask } from './prepare.js';

export type WorkerAnswer =
  | { ok: true; calls: IncomingCall[] }
  | { ok: false; error: { kind: FetchErrorKind; message: string; url: string; status: number | null } };

export default async function prepareInWorker(task: PrepareTask): Promise<WorkerAnswer> {
  try {
    return { ok: true, calls: await prepareCalls(task) };
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    return { ok: false, error: { kind: error.kind, message: error.message, url: error.url, status: error.status } };
  }
}
