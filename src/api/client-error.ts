// Requests Node's HTTP parser refuses before fastify sees them. The usual one from staff: an address typed with its
// accents as raw bytes (`curl 'http://…/api/calls?q=médiation'`), which HTTP does not allow: say in French how to
// encode it, and log it, instead of fastify's bare English « Client Error ».
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';

/** Node's parser error; fastify's types describe rawPacket as Buffer#toJSON's shape, at runtime it is the Buffer. */
interface ClientError extends Error {
  code?: string;
  rawPacket?: unknown;
}

const RAW_URL_MESSAGE =
  'L’adresse de la requête contient des caractères non encodés (accents, espaces…) : encodez-la, par exemple ' +
  '« curl -G --data-urlencode "q=médiation numérique" http://…/api/calls » (médiation s’écrit m%C3%A9diation dans une adresse).';

/** The request line holds bytes outside ASCII (raw UTF-8 or Latin-1 accents) or spaces. */
function hasRawBytes(packet: Buffer | undefined): boolean {
  if (!packet) return false;
  const end = packet.indexOf('\r\n');
  const line = packet.subarray(0, end === -1 ? Math.min(packet.length, 8192) : end);
  return line.some((byte) => byte > 0x7e);
}

function respond(socket: Socket, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ statusCode: status, error: reason, message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function clientErrorHandler(log: FastifyBaseLogger) {
  return (error: ClientError, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy(error);
      return;
    }
    const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined;
    if (packet && hasRawBytes(packet)) {
      const line = packet.subarray(0, Math.max(0, packet.indexOf('\r\n'))).toString('latin1').slice(0, 300);
      log.warn({ code: error.code, requestLine: line, remoteAddress: socket.remoteAddress }, 'request refused: raw non-ASCII bytes in its address');
      respond(socket, 400, 'Bad Request', RAW_URL_MESSAGE);
      return;
    }
    log.info({ code: error.code, remoteAddress: socket.remoteAddress }, 'malformed HTTP request refused');
    if (error.code === 'HPE_HEADER_OVERFLOW') respond(socket, 431, 'Request Header Fields Too Large', 'En-têtes de la requête trop longs.');
    else respond(socket, 400, 'Bad Request', 'Requête HTTP mal formée.');
  };
}
