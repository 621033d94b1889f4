// Moved to src/http/responses.ts (one HTTP toolkit for the server and the gateway); kept so imports
// of the old path keep working while other branches still use it.
export { sendError, sendJson, sendText, startStream } from '../http/responses.js';
