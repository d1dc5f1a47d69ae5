import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ModuloError } from '../core/errors.js';
import { httpStatusOf, toErrorResponse, type WireErrorCode } from './http-errors.js';

/** Node's HTTP parser errors, by their `code`, as ours (anything else the parser refuses is BAD_HTTP_REQUEST). */
const PARSER_CODES: Record<string, { code: WireErrorCode; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', message: 'the request did not arrive whole within the request timeout' },
  HPE_HEADER_OVERFLOW: { code: 'HEADERS_TOO_LARGE', message: 'the request headers are larger than the server accepts' },
};

/**
 * Answers what Node's HTTP server refuses before fastify sees a request (a timeout, oversized headers,
 * bytes that are not HTTP) in the API's error body, then closes the connection, as Node would.
 * `onError` counts the answer (metrics).
 */
export function clientErrorHandler(onError: (code: WireErrorCode) => void) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const known = PARSER_CODES[error.code ?? ''] ?? { code: 'BAD_HTTP_REQUEST', message: `not an HTTP request the server can read (${error.code ?? error.message})` };
    const status = httpStatusOf(known.code);
    const body = JSON.stringify({ code: known.code, message: known.message });
    onError(known.code);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}

/** fastify's router errors (a malformed percent-encoding, a parameter past maxParamLength) in the API's error body. */
export function frameworkErrors(onError: (code: WireErrorCode) => void) {
  return (error: Error, _request: FastifyRequest, reply: FastifyReply): void => {
    const { status, body } = toErrorResponse(error);
    onError(body.code as WireErrorCode);
    void reply.status(status).send(body);
  };
}

/**
 * The JSON body parser: plain JSON.parse (every message true to what is wrong), refusing the keys a
 * later merge could turn into prototype pollution (`__proto__`, `constructor.prototype`) by name.
 */
export function parseJsonBody(_request: FastifyRequest, text: string): unknown {
  if (text.length === 0) throw new ModuloError('MALFORMED', 'the body is empty but its content-type is application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new ModuloError('MALFORMED', 'the body has a "__proto__" key: refused (it could pollute object prototypes)', { key });
      if (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype')) {
        throw new ModuloError('MALFORMED', 'the body has a "constructor.prototype" key: refused (it could pollute object prototypes)', { key: 'constructor.prototype' });
      }
      return value;
    });
  } catch (error) {
    if (error instanceof ModuloError) throw error;
    throw new ModuloError('MALFORMED', `the body is not valid JSON: ${(error as Error).message}`);
  }
  return parsed;
}
