// Every error leaves the API as {"statusCode", "error", "message"}: the right code, a French message, no stack.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** An error whose message is meant for the API's caller. */
export class ApiError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

// Fastify's own client errors, said in French.
function knownClientMessage(error: FastifyError, bodyLimit: number): string | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return "Le corps de la requête n'est pas du JSON valide.";
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'Le corps de la requête est vide alors que Content-Type annonce du JSON.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `Le corps de la requête dépasse la taille maximale (${bodyLimit} octets).`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Type de contenu non pris en charge : envoyez du JSON (Content-Type: application/json).';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return "L'en-tête Content-Length ne correspond pas au corps envoyé.";
    default:
      return error instanceof SyntaxError ? "Le corps de la requête n'est pas du JSON valide." : null;
  }
}

/** The error handler of the whole app. */
export function handleError(bodyLimit: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    let statusCode = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    let message: string;
    if (error.validation) {
      statusCode = 400;
      message = error.message;
    } else if (statusCode >= 500 && !(error instanceof ApiError)) {
      request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
      message = 'Erreur interne du serveur ; le détail est dans le journal de fundwatch.';
    } else {
      message = knownClientMessage(error, bodyLimit) ?? error.message;
    }
    if (statusCode === 401) void reply.header('www-authenticate', 'Bearer');
    return reply.status(statusCode).send(errorBody(statusCode, message));
  };
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).send(errorBody(404, `Route inconnue : ${request.method} ${request.url.split('?')[0]}`));
}
