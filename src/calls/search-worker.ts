// One thread of search-pool.ts: its own read-only connection to the database, one search at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { callPageJson } from '../api/json.js';
import { openDb } from '../db/connection.js';
import { searchCalls } from './search.js';
import type { SearchReply, SearchRequest, SearchWorkerData } from './search-pool.js';

const { dbPath } = workerData as SearchWorkerData;
const port = parentPort;
if (!port) throw new Error('search-worker.js runs as a worker thread of the search pool, not on its own');

const db = openDb(dbPath, { readonly: true });
// One read transaction per search, so the page, its total and its sources come from the same snapshot even
// while ingestion commits (on the main thread the search was atomic because nothing else ran meanwhile).
const search = db.transaction((request: SearchRequest) => searchCalls(db, request.filters, request.page));

port.on('message', (request: SearchRequest) => {
  let reply: SearchReply;
  try {
    const result = search(request);
    // The page as the API's JSON text, made here: the event loop then sends a string instead of rebuilding 20 calls
    // from the message, mapping and serializing them (with the calls' objects, over a third of its time per search).
    reply = request.json === undefined ? { id: request.id, result } : { id: request.id, json: JSON.stringify(callPageJson(result, request.json.today)) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
