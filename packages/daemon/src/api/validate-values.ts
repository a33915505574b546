// Hand-written validators for everything that enters the daemon: REST bodies, stream
// messages, exec messages. Each returns the typed value or one message naming the first
// field that is wrong ("services[2]: must be a string").

import type {
  ClientMessage,
  DownRequest,
  ExecClientMessage,
  ProjectRef,
  ServicesRequest,
  UpRequest,
} from '../protocol/messages.js';

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

type Check = (value: unknown, at: string) => string | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const MAX_STRING = 64 * 1024;
const MAX_LIST = 1000;

const string: Check = (value, at) =>
  typeof value !== 'string' ? `${at}: must be a string` : value.length > MAX_STRING ? `${at}: too long` : undefined;
const name: Check = (value, at) =>
  typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/.test(value)
    ? `${at}: must be a name (letters, digits, "_", ".", "-")`
    : undefined;
const boolean: Check = (value, at) => (typeof value !== 'boolean' ? `${at}: must be true or false` : undefined);
const oneOf =
  (values: readonly string[]): Check =>
  (value, at) =>
    typeof value !== 'string' || !values.includes(value) ? `${at}: must be one of ${values.join(', ')}` : undefined;
const integer =
  (min: number, max: number): Check =>
  (value, at) =>
    typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max
      ? `${at}: must be a whole number from ${min} to ${max}`
      : undefined;
const listOf =
  (item: Check): Check =>
  (value, at) => {
    if (!Array.isArray(value)) return `${at}: must be a list`;
    if (value.length > MAX_LIST) return `${at}: too many items`;
    for (const [index, entry] of value.entries()) {
      const problem = item(entry, `${at}[${index}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
const stringMap: Check = (value, at) => {
  if (!isRecord(value)) return `${at}: must be an object of strings`;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') return `${at}.${key}: must be a string`;
  }
  return undefined;
};
const numberMap: Check = (value, at) => {
  if (!isRecord(value)) return `${at}: must be an object of numbers`;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'number' || !Number.isSafeInteger(entry) || entry < 0)
      return `${at}.${key}: must be a whole number`;
  }
  return undefined;
};
const absolutePath: Check = (value, at) =>
  typeof value !== 'string' || !value.startsWith('/') ? `${at}: must be an absolute path` : undefined;

interface Field {
  check: Check;
  required: boolean;
}
const required = (check: Check): Field => ({ check, required: true });
const optional = (check: Check): Field => ({ check, required: false });

const objectOf =
  (fields: Record<string, Field>): Check =>
  (value, at) => {
    if (!isRecord(value)) return `${at === '' ? 'body' : at}: must be an object`;
    const prefix = at === '' ? '' : `${at}.`;
    for (const key of Object.keys(value)) {
      if (!(key in fields)) return `${prefix}${key}: unknown field`;
    }
    for (const [key, field] of Object.entries(fields)) {
      const entry = value[key];
      if (entry === undefined) {
        if (field.required) return `${prefix}${key}: is required`;
        continue;
      }
      const problem = field.check(entry, `${prefix}${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

const projectRefFields = {
  cwd: required(absolutePath),
  files: required(listOf(string)),
  projectName: optional(string),
  projectDirectory: optional(string),
  envFiles: required(listOf(string)),
  profiles: required(listOf(string)),
  env: required(stringMap),
};
const projectRef = objectOf(projectRefFields);

const validator =
  <T>(check: Check) =>
  (value: unknown): Validation<T> => {
    const problem = check(value, '');
    return problem === undefined ? { ok: true, value: value as T } : { ok: false, message: problem };
  };

/** Returns a problem, or undefined when `value` is a ProjectRef. */
export const validateProjectRef = (value: unknown): string | undefined => projectRef(value, 'ref');

export const parseProjectRef = validator<ProjectRef>(projectRef);

export const parseUpRequest = validator<UpRequest>(
  objectOf({
    ref: required(projectRef),
    services: required(listOf(name)),
    build: required(boolean),
    forceRecreate: required(boolean),
    dryRun: required(boolean),
    watch: required(boolean),
    deferUnlessUpToDate: optional(boolean),
    removeOrphans: optional(boolean),
    noBuild: optional(boolean),
    timeoutSeconds: optional(integer(0, 3600)),
    pull: optional(oneOf(['always', 'missing', 'never', 'build'])),
  }),
);

const downCheck = objectOf({
  ref: optional(projectRef),
  projectName: optional(name),
  volumes: required(boolean),
  timeoutSeconds: optional(integer(0, 3600)),
  removeOrphans: optional(boolean),
});
export const parseDownRequest = (value: unknown): Validation<DownRequest> => {
  const problem = downCheck(value, '');
  if (problem !== undefined) return { ok: false, message: problem };
  const body = value as DownRequest;
  if (body.ref === undefined && body.projectName === undefined)
    return { ok: false, message: 'body: needs "ref" or "projectName"' };
  return { ok: true, value: body };
};

export const parseServicesRequest = validator<ServicesRequest>(
  objectOf({
    ref: required(projectRef),
    services: required(listOf(name)),
    timeoutSeconds: optional(integer(0, 3600)),
    noDeps: optional(boolean),
    noCache: optional(boolean),
    pull: optional(boolean),
  }),
);

const subscribeCheck = objectOf({
  type: required(string),
  projectName: optional(name),
  services: optional(listOf(name)),
  logsAfter: optional(numberMap),
  tail: optional(integer(0, 100_000)),
  logs: optional(boolean),
  batchLogs: optional(boolean),
});
const pingCheck = objectOf({ type: required(string), id: required(string) });

export type MessageValidation<T> = Validation<T> | { ok: false; message: string; unknownType: true };

export const parseClientMessage = (value: unknown): MessageValidation<ClientMessage> => {
  if (!isRecord(value) || typeof value['type'] !== 'string')
    return { ok: false, message: 'message: must be an object with a "type"' };
  switch (value['type']) {
    case 'subscribe':
      return validator<ClientMessage>(subscribeCheck)(value);
    case 'ping':
      return validator<ClientMessage>(pingCheck)(value);
    default:
      return {
        ok: false,
        unknownType: true,
        message: `message type "${String(value['type']).slice(0, 64)}" is not known`,
      };
  }
};

const execStartCheck = objectOf({
  type: required(string),
  projectName: required(name),
  serviceName: required(name),
  index: optional(integer(1, 10_000)),
  cmd: required(listOf(string)),
  tty: required(boolean),
  interactive: required(boolean),
  user: optional(string),
  workingDir: optional(string),
  env: optional(listOf(string)),
  columns: optional(integer(1, 10_000)),
  rows: optional(integer(1, 10_000)),
});

export const parseExecMessage = (value: unknown): MessageValidation<ExecClientMessage> => {
  if (!isRecord(value) || typeof value['type'] !== 'string')
    return { ok: false, message: 'message: must be an object with a "type"' };
  switch (value['type']) {
    case 'start': {
      const result = validator<ExecClientMessage>(execStartCheck)(value);
      if (result.ok && result.value.type === 'start' && result.value.cmd.length === 0)
        return { ok: false, message: 'cmd: must not be empty' };
      return result;
    }
    case 'stdin':
      return validator<ExecClientMessage>(objectOf({ type: required(string), data: required(string) }))(value);
    case 'stdin-end':
      return validator<ExecClientMessage>(objectOf({ type: required(string) }))(value);
    case 'resize':
      return validator<ExecClientMessage>(
        objectOf({ type: required(string), columns: required(integer(1, 10_000)), rows: required(integer(1, 10_000)) }),
      )(value);
    default:
      return {
        ok: false,
        unknownType: true,
        message: `message type "${String(value['type']).slice(0, 64)}" is not known`,
      };
  }
};
