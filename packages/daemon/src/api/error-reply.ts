// One place that turns failures into ApiErrorBody replies with stable codes and HTTP
// statuses. Expected errors (DevError) are rendered as they are; anything else is an
// internal error, logged with its stack, and answered without one.

import type { FastifyError, FastifyReply } from 'fastify';
import type { DaemonLog } from '../daemon-log.js';
import { DevError } from '../projects/dev-error.js';
import type { ApiErrorBody, ApiErrorCode } from '../protocol/messages.js';

const HTTP_STATUS: Record<ApiErrorCode, number> = {
  DEV_ERR_BAD_REQUEST: 400,
  DEV_ERR_BAD_MESSAGE: 400,
  DEV_ERR_UNKNOWN_MESSAGE: 400,
  DEV_ERR_TOO_LARGE: 413,
  DEV_ERR_NOT_FOUND: 404,
  DEV_ERR_CONFIG: 422,
  DEV_ERR_ENGINE_UNAVAILABLE: 503,
  DEV_ERR_ENGINE: 502,
  DEV_ERR_BUILD_FAILED: 502,
  DEV_ERR_PRECHECK: 412,
  DEV_ERR_FORBIDDEN: 403,
  DEV_ERR_UNAUTHORIZED: 401,
  DEV_ERR_INTERNAL: 500,
};

export const httpStatusOf = (code: ApiErrorCode): number => HTTP_STATUS[code];

export const errorBody = (
  code: ApiErrorCode,
  message: string,
  issues?: ApiErrorBody['error']['issues'],
): ApiErrorBody => ({
  error: { code, message, ...(issues !== undefined ? { issues } : {}) },
});

/** Classifies any thrown value into a code and message. */
export const classifyError = (
  error: unknown,
): { code: ApiErrorCode; message: string; issues?: ApiErrorBody['error']['issues'] } => {
  if (error instanceof DevError)
    return {
      code: error.code,
      message: error.message,
      ...(error.issues !== undefined ? { issues: error.issues } : {}),
    };
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { code: 'DEV_ERR_TOO_LARGE', message: 'request body too large' };
  if (fastifyError.code !== undefined && fastifyError.code.startsWith('FST_ERR_CTP_')) {
    return { code: 'DEV_ERR_BAD_REQUEST', message: fastifyError.message ?? 'bad request' };
  }
  if (error instanceof SyntaxError)
    return { code: 'DEV_ERR_BAD_REQUEST', message: `body is not JSON: ${error.message}` };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { code: 'DEV_ERR_BAD_REQUEST', message: fastifyError.message ?? 'bad request' };
  }
  return { code: 'DEV_ERR_INTERNAL', message: 'internal error (see the daemon log)' };
};

export const replyError = (reply: FastifyReply, error: unknown, log: DaemonLog): FastifyReply => {
  const classified = classifyError(error);
  if (classified.code === 'DEV_ERR_INTERNAL') {
    log.error(
      { error: error instanceof Error ? error.stack : String(error), url: reply.request.url },
      'request failed',
    );
  }
  return reply
    .code(httpStatusOf(classified.code))
    .send(errorBody(classified.code, classified.message, classified.issues));
};
